import { useEffect } from 'react';
import { useHotelClock } from '../../hotel-clock.js';
import { useApp } from '../../store.js';
import { systemNameOf } from '../sync/sync-slice.js';
import { attemptsText, statusLabel, statusText } from './job-words.js';

/** One job: what was sent, what came back, and every attempt in order. */
export function JobDetailPanel() {
  const job = useApp((state) => state.selectedJob);
  const hotel = useHotelClock();
  const closeJob = useApp((state) => state.closeJob);
  const systemName = useApp((state) => (job ? systemNameOf(state.sync, job.lane) : ''));
  // Escape closes the panel, wherever the focus is on the screen.
  useEffect(() => {
    if (!job) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') closeJob();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [job, closeJob]);
  if (!job) return null;
  return (
    <aside className="detail" aria-label={`Job ${job.id}`}>
      <header>
        <h2>
          Job {job.id} · {job.summary || job.type}
        </h2>
        <button type="button" onClick={closeJob} aria-label="Close">
          ×
        </button>
      </header>
      <p>
        <span className={`pill pill-${job.status}`}>{statusText(job)}</span> on {systemName} · {attemptsText(job, Date.now(), hotel.clock)}
        {job.attemptHistory.length !== job.attempts &&
          ` · ${job.attemptHistory.length} ${job.attemptHistory.length === 1 ? 'try' : 'tries'} listed (waits for the network or a rate limit, and restarts, do not count as attempts)`}
      </p>
      {job.supersededBy !== null && <p>Superseded by job {job.supersededBy}, which carries its changes.</p>}
      {job.waitingFor && (
        <p className="waiting">
          Waits for job {job.waitingFor.id} ({job.waitingFor.type}, {statusLabel(job.waitingFor.status)}) to finish first.
        </p>
      )}
      {job.lastError && <p className="error-text">Last error: {job.lastError}</p>}
      {job.discardReason && <p>Discarded: {job.discardReason}</p>}
      <h3>Payload</h3>
      <pre>{JSON.stringify(job.payload, null, 2)}</pre>
      {job.result !== null && (
        <>
          <h3>Result</h3>
          <pre>{JSON.stringify(job.result, null, 2)}</pre>
        </>
      )}
      <h3>Attempts</h3>
      {job.attemptHistory.length === 0 && <p className="empty">No attempts recorded yet.</p>}
      <ol className="timeline">
        {job.attemptHistory.map((attempt) => (
          <li key={attempt.id} className={`attempt-${attempt.outcome}`}>
            {hotel.instant(attempt.startedAt)} · {attempt.outcome} · {attempt.durationMs} ms
            {attempt.httpStatus !== null && ` · HTTP ${attempt.httpStatus}`}
            {attempt.error && <div className="error-text">{attempt.error}</div>}
          </li>
        ))}
      </ol>
    </aside>
  );
}
