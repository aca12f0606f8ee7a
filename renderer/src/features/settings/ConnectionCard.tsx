import { useState, type FormEvent } from 'react';
import type { ConnectionSettingsView } from '../../../../shared/contract.js';
import { useHotelClock } from '../../hotel-clock.js';
import { useApp } from '../../store.js';
import { CREDENTIAL_KINDS, credentialsInput } from './credential-fields.js';

/** One system: mode, address, credentials (write-only), sync switch and Test connection. */
export function ConnectionCard({ connection }: { connection: ConnectionSettingsView }) {
  const { system, displayName } = connection;
  const updateSettings = useApp((state) => state.updateSettings);
  const setCredentials = useApp((state) => state.setCredentials);
  const clearCredentials = useApp((state) => state.clearCredentials);
  const testConnection = useApp((state) => state.testConnection);
  const test = useApp((state) => state.connectionTests[system]);
  const lane = useApp((state) => state.sync?.lanes.find((candidate) => candidate.lane === system));
  const hotel = useHotelClock();
  const kinds = CREDENTIAL_KINDS[system];
  const [kind, setKind] = useState(kinds.find((candidate) => candidate.kind === connection.credentials.kind)?.kind ?? kinds[0]!.kind);
  const [values, setValues] = useState<Record<string, string>>({});
  const [baseURL, setBaseURL] = useState(connection.baseURL);
  const [confirmingLive, setConfirmingLive] = useState(false);
  const [clearDemoData, setClearDemoData] = useState(false);
  const id = (name: string) => `${system}-${name}`;
  const fields = kinds.find((candidate) => candidate.kind === kind)!.fields;
  const lastTest = test && test !== 'running' ? test : connection.lastTest && { ...connection.lastTest, details: null };

  async function saveCredentials(event: FormEvent) {
    event.preventDefault();
    if (await setCredentials(credentialsInput(system, kind, values))) setValues({});
  }

  async function goLive() {
    const address = baseURL.trim() === connection.vendorBaseUrl ? null : baseURL.trim();
    if (await updateSettings({ connections: { [system]: { mode: 'live', baseURL: address, clearDemoData } } })) setConfirmingLive(false);
  }

  return (
    <article className="connection card" data-system={system} aria-labelledby={id('title')}>
      <header className="connection-header">
        <h3 id={id('title')}>{displayName}</h3>
        <span className={`pill ${connection.mode === 'demo' ? 'pill-demo' : 'pill-live'}`}>{connection.mode === 'demo' ? 'Demo (simulated)' : 'Live'}</span>
        {lane?.state === 'needs_sign_in' && <span className="pill pill-lane-needs_sign_in">Needs sign-in</span>}
      </header>
      <p className="muted">
        Credentials: {connection.credentials.set ? `saved (${kinds.find((candidate) => candidate.kind === connection.credentials.kind)?.label ?? connection.credentials.kind})` : 'none'}
      </p>

      <label htmlFor={id('base-url')}>Address (base URL)</label>
      <div className="field-row">
        <input id={id('base-url')} type="url" value={baseURL} onChange={(event) => setBaseURL(event.target.value)} spellCheck={false} />
        {connection.mode === 'live' && baseURL !== connection.baseURL && (
          <button type="button" onClick={() => void updateSettings({ connections: { [system]: { baseURL: baseURL.trim() === connection.vendorBaseUrl ? null : baseURL.trim() } } })}>
            Save address
          </button>
        )}
      </div>

      <form className="credentials" onSubmit={(event) => void saveCredentials(event)} aria-label={`${displayName} credentials`}>
        {kinds.length > 1 && (
          <>
            <label htmlFor={id('kind')}>Sign in with</label>
            <select id={id('kind')} value={kind} onChange={(event) => setKind(event.target.value)}>
              {kinds.map((candidate) => (
                <option key={candidate.kind} value={candidate.kind}>
                  {candidate.label}
                </option>
              ))}
            </select>
          </>
        )}
        {fields.map((field) => (
          <div key={field.name} className="field">
            <label htmlFor={id(field.name)}>{field.label}</label>
            <input
              id={id(field.name)}
              type={field.secret ? 'password' : 'text'}
              autoComplete="off"
              value={values[field.name] ?? ''}
              placeholder={connection.credentials.set && field.secret ? 'saved — type to replace' : ''}
              onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
            />
          </div>
        ))}
        <div className="actions">
          <button type="submit" disabled={fields.some((field) => !(values[field.name] ?? '').trim())}>
            Save credentials
          </button>
          {connection.credentials.set && (
            <button type="button" onClick={() => void clearCredentials(system)}>
              Forget credentials
            </button>
          )}
        </div>
      </form>

      <div className="actions">
        {connection.mode === 'demo' ? (
          <button type="button" onClick={() => setConfirmingLive(true)}>
            Switch to live
          </button>
        ) : (
          <button type="button" onClick={() => void updateSettings({ connections: { [system]: { mode: 'demo' } } })}>
            Back to demo
          </button>
        )}
        <button type="button" disabled={test === 'running'} onClick={() => void testConnection(system)}>
          {test === 'running' ? 'Testing…' : 'Test connection'}
        </button>
        <label className="switch">
          <input type="checkbox" checked={connection.syncEnabled} onChange={(event) => void updateSettings({ connections: { [system]: { syncEnabled: event.target.checked } } })} />
          Sync on
        </label>
      </div>

      {confirmingLive && (
        <div className="confirm" role="alertdialog" aria-labelledby={id('confirm-text')}>
          <span id={id('confirm-text')}>
            Switch {displayName} to the live system at {baseURL}? Jobs still queued for the simulated hotel will be discarded (you will see them in Activity), so no demo data reaches your real account.
          </span>
          <label>
            <input type="checkbox" checked={clearDemoData} onChange={(event) => setClearDemoData(event.target.checked)} /> Also delete the demo data shown from {displayName}
          </label>
          <button type="button" onClick={() => void goLive()}>
            Switch to live
          </button>
          <button type="button" onClick={() => setConfirmingLive(false)}>
            Cancel
          </button>
        </div>
      )}

      {lastTest && (
        <div className={`test-result ${lastTest.ok ? 'test-ok' : 'test-failed'}`} role="status">
          <strong>{lastTest.ok ? 'Connected. ' : 'Not connected. '}</strong>
          {lastTest.message}
          <span className="muted"> ({hotel.instant(lastTest.at)})</span>
          {lastTest.details && (
            <details className="details">
              <summary>Details</summary>
              {lastTest.details}
            </details>
          )}
        </div>
      )}
    </article>
  );
}
