import { useEffect, useState, type FormEvent } from 'react';
import { WEBHOOK_PORT_RANGE, type ChannelWebhookSettings } from '../../../../shared/contract.js';
import { useApp } from '../../store.js';

/** A port as typed: a whole number in the range the host may listen on, else why not. */
export function readPort(text: string): { ok: true; port: number } | { ok: false; reason: string } {
  const trimmed = text.trim();
  const port = Number(trimmed);
  if (!/^\d{1,5}$/.test(trimmed) || port < WEBHOOK_PORT_RANGE.min || port > WEBHOOK_PORT_RANGE.max) {
    return { ok: false, reason: `Port: type a number from ${WEBHOOK_PORT_RANGE.min} to ${WEBHOOK_PORT_RANGE.max}` };
  }
  return { ok: true, port };
}

function secretSource({ saved, fromHost }: ChannelWebhookSettings['secret']): string {
  if (fromHost) return 'the one this host was started with is used (one saved here is not)';
  return saved ? 'saved' : 'none: every webhook is refused until one is saved';
}

/**
 * Beds24 webhooks on a loopback port (issue 9), off by default: for a hotel whose tunnel
 * (cloudflared, ngrok…) forwards Beds24's calls to this machine. Without it, polling does it all.
 */
export function WebhookListenerSection({ webhook }: { webhook: ChannelWebhookSettings }) {
  const updateSettings = useApp((state) => state.updateSettings);
  const setWebhookSecret = useApp((state) => state.setWebhookSecret);
  const [port, setPort] = useState(webhook.port === null ? '' : String(webhook.port));
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setPort(webhook.port === null ? '' : String(webhook.port)), [webhook.port]);

  /** The port typed, sent with `enabled` when given; a bad one is named here and nothing is sent. Turning off needs no port. */
  const save = (enabled?: boolean) => {
    if (enabled === false) return void updateSettings({ channelWebhook: { enabled } });
    const read = port.trim() === '' && !(enabled ?? webhook.enabled) ? ({ ok: true, port: null } as const) : readPort(port);
    if (!read.ok) return setProblem(read.reason);
    setProblem(null);
    void updateSettings({ channelWebhook: { ...(enabled !== undefined ? { enabled } : {}), port: read.port } });
  };
  const saveSecret = async (event: FormEvent) => {
    event.preventDefault();
    if (await setWebhookSecret(secret)) setSecret('');
  };
  const listener = webhook.listener;
  return (
    <section className="card settings-form webhook-listener" aria-labelledby="webhook-title">
      <h2 id="webhook-title">Beds24 webhooks</h2>
      <p className="muted">
        Off by default: bookings are polled from Beds24. With a tunnel (cloudflared, ngrok…) forwarding to <code>http://127.0.0.1:&lt;port&gt;</code>, give
        Beds24 the tunnel's address ending in <code>/webhooks/beds24</code>. Only that path answers on the port, and only webhooks signed with the secret
        are stored. A headless server also answers it on its main port.
      </p>
      <label className="inline">
        <input type="checkbox" checked={webhook.enabled} onChange={(event) => save(event.target.checked)} /> Receive Beds24 webhooks on a local port
      </label>
      <form
        className="field"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <label htmlFor="webhook-port">Port ({WEBHOOK_PORT_RANGE.min}–{WEBHOOK_PORT_RANGE.max})</label>
        <input id="webhook-port" inputMode="numeric" value={port} onChange={(event) => setPort(event.target.value)} />
        <button type="submit">Save port</button>
      </form>
      <form className="field" onSubmit={(event) => void saveSecret(event)}>
        <label htmlFor="webhook-secret">Signing secret (at least 16 characters, the same as in Beds24)</label>
        <input
          id="webhook-secret"
          type="password"
          autoComplete="off"
          value={secret}
          placeholder={webhook.secret.saved ? 'saved — type to replace' : ''}
          onChange={(event) => setSecret(event.target.value)}
        />
        <button type="submit" disabled={secret.length === 0}>
          Save secret
        </button>
        {webhook.secret.saved && (
          <button type="button" onClick={() => void setWebhookSecret(null)}>
            Forget secret
          </button>
        )}
      </form>
      <p className="muted">Secret: {secretSource(webhook.secret)}</p>
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      <p className={listener.state === 'failed' ? 'error-text' : 'muted'} role="status">
        Listener: {listener.message}
      </p>
    </section>
  );
}
