import type { JobStatus, JobSummary } from '../../../../shared/contract.js';

export const STATUS_LABEL: Record<JobStatus, string> = {
  queued: 'Queued',
  sending: 'Sending',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** How a job's status reads: a cancelled job another took over is "Superseded", not merely cancelled. */
export function statusText(job: Pick<JobSummary, 'status' | 'supersededBy'>): string {
  return job.status === 'cancelled' && job.supersededBy !== null ? 'Superseded' : STATUS_LABEL[job.status];
}

export const statusLabel = (status: JobStatus) => STATUS_LABEL[status];

/** A job waiting out a backoff before its next try (it failed once, and its time is later). */
export const waitingToRetry = (job: JobSummary, now: number) => job.status === 'queued' && job.lastError !== null && Date.parse(job.runAt) > now;

/**
 * The attempts column: only what is true. A rejection that will not be retried is not "1/10";
 * a job out of attempts says so; one waiting to retry says when.
 */
export function attemptsText(job: JobSummary, now: number, clock: (iso: string) => string): string {
  if (job.status === 'failed' && job.errorKind === 'validation') return 'refused, not retried';
  if (job.status === 'failed') return `gave up after ${job.attempts}`;
  if (waitingToRetry(job, now)) return `${job.attempts} of ${job.maxAttempts}, next at ${clock(job.runAt)}`;
  if (job.attempts === 0) return '—';
  return `${job.attempts} of ${job.maxAttempts}`;
}
