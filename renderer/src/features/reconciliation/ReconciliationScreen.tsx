import { useEffect } from 'react';
import type { ReconciliationRun } from '../../../../shared/reconciliation-contract.js';
import { useHotelClock } from '../../hotel-clock.js';
import { useApp } from '../../store.js';

const STATUS_LABEL: Record<ReconciliationRun['status'], string> = { running: 'Running', ok: 'OK', partial: 'Partial', failed: 'Failed' };
const STATUS_PILL: Record<ReconciliationRun['status'], string> = { running: 'sending', ok: 'done', partial: 'queued', failed: 'failed' };

const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);

/** "every 30 minutes" for the usual pattern, else the pattern itself. */
function scheduleText(schedule: { cron: string; timeZone: string } | null): string {
  if (!schedule) return 'on demand only';
  const every = /^\*\/(\d+) \* \* \* \*$/.exec(schedule.cron);
  return every ? `every ${every[1]} minutes` : `cron ${schedule.cron} (${schedule.timeZone})`;
}

/** Reconciliation with Stays: the last and next run, the mirror's counts, the history, and Run now. */
export function ReconciliationScreen() {
  const status = useApp((state) => state.reconciliation);
  const hotel = useHotelClock();
  const when = (iso: string | null) => (iso ? hotel.instant(iso) : '—');
  const asking = useApp((state) => state.reconciliationAsking);
  const load = useApp((state) => state.loadReconciliation);
  const runNow = useApp((state) => state.runReconciliation);

  useEffect(() => {
    void load();
  }, [load]);

  if (!status) return <section className="screen"><p className="empty">Loading…</p></section>;
  const last = status.lastRun;
  const busy = asking || status.pending;
  return (
    <section className="screen reconciliation-screen">
      <div className="toolbar">
        <h1>Reconciliation</h1>
        <span className="muted" role="status" aria-live="polite">
          {busy ? 'A run is queued or running…' : ''}
        </span>
        <button type="button" className="primary" onClick={() => void runNow()} disabled={asking}>
          Run now
        </button>
      </div>
      <div className="summary-cards">
        <article className="card" aria-label="Last run">
          <h2>Last run</h2>
          {last ? (
            <>
              <p>
                <span className={`pill pill-${STATUS_PILL[last.status]}`}>{STATUS_LABEL[last.status]}</span> {when(last.startedAt)}
              </p>
              <p className="muted">{last.message ?? ''}</p>
            </>
          ) : (
            <p className="muted">No run yet.</p>
          )}
        </article>
        <article className="card" aria-label="Next run">
          <h2>Next run</h2>
          <p>{status.nextRunAt ? when(status.nextRunAt) : '—'}</p>
          <p className="muted">Scheduled {scheduleText(status.schedule)}; last success {when(status.lastSuccessAt)}</p>
        </article>
        <article className="card" aria-label="Mirror">
          <h2>Stays in the mirror</h2>
          <p className="big">{status.stats.reservations}</p>
          <p className="muted">
            Door PINs: {status.stats.pins.active} active, {status.stats.pins.scheduled} scheduled, {status.stats.pins.revoked} revoked
            {status.stats.pins.failed > 0 && <span className="error-text">, {status.stats.pins.failed} failed</span>}
          </p>
        </article>
      </div>
      <h2 className="section-title">History</h2>
      {status.runs.length === 0 ? (
        <p className="empty">No runs yet. Runs read Stays every 30 minutes; Run now reads it at once.</p>
      ) : (
        <table className="jobs runs" aria-label="Reconciliation runs">
          <thead>
            <tr>
              <th>Started</th>
              <th>Trigger</th>
              <th>Status</th>
              <th>Fetched</th>
              <th>New</th>
              <th>Changed</th>
              <th>Unchanged</th>
              <th>Gone</th>
              <th>Errors</th>
              <th>Requests</th>
              <th>Duration</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {status.runs.map((run) => (
              <tr key={run.id} data-run-id={run.id}>
                <td>{when(run.startedAt)}</td>
                <td>{run.trigger === 'manual' ? 'Run now' : 'Schedule'}</td>
                <td>
                  <span className={`pill pill-${STATUS_PILL[run.status]}`}>{STATUS_LABEL[run.status]}</span>
                </td>
                <td className="num">{run.fetched}</td>
                <td className="num">{run.created}</td>
                <td className="num">{run.updated}</td>
                <td className="num">{run.unchanged}</td>
                <td className="num">{run.orphaned}</td>
                <td className={`num${run.errors > 0 ? ' error-text' : ''}`}>{run.errors}</td>
                <td className="num">{run.requests}</td>
                <td className="num">{seconds(run.durationMs)}</td>
                <td className={run.status === 'failed' ? 'error-text' : 'muted'}>{run.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
