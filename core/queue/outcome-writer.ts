import type { Logger } from '../logger.js';
import type { JobRow } from './job-rows.js';
import type { AttemptRecord, JobStore } from './job-store.js';
import type { LaneStore } from './lane-store.js';
import type { JobDecision } from './outcome-policy.js';
import type { RemoteError } from './remote-error.js';

/** A job that ran, and what the outcome policy decided about it. */
export interface SettledJob {
  job: JobRow;
  startedAt: number;
  endedAt: number;
  result?: unknown;
  error?: RemoteError;
  response: { httpStatus?: number; requestId?: string };
  decision: JobDecision;
}

const SHUTDOWN_ERROR = 'The app shut down before this job finished; it was put back in the queue.';

/**
 * Writes what happened to a lane's jobs, inside the caller's transaction: outcomes as decided,
 * jobs handed back unstarted, jobs released at shutdown. Every write holds only while this
 * worker still owns the job's lease: an outcome of a job another worker took over is dropped.
 */
export function createOutcomeWriter(deps: { lane: string; store: JobStore; laneStore: LaneStore; owner: string; logger: Logger }) {
  const { lane, store, laneStore, owner, logger } = deps;

  const attemptOf = (item: SettledJob): AttemptRecord => ({
    jobId: item.job.id,
    startedAt: item.startedAt,
    endedAt: item.endedAt,
    outcome: item.error ? 'error' : 'done',
    errorKind: item.error?.kind ?? null,
    httpStatus: item.error?.httpStatus ?? item.response.httpStatus ?? null,
    requestId: item.error?.requestId ?? item.response.requestId ?? null,
    error: item.error?.message ?? null,
  });

  return {
    /** Writes outcomes: every success in one statement, the rest one by one. Returns the rows as they now stand. */
    write(items: SettledJob[], now: number): JobRow[] {
      const written: JobRow[] = [];
      const attempts: AttemptRecord[] = [];
      const successes = items.filter((item) => item.decision.action === 'done');
      const doneIds = store.markManyDone(successes.map((item) => ({ id: item.job.id, result: item.result })), owner, now);
      for (const item of successes) {
        if (!doneIds.has(item.job.id)) continue;
        written.push({
          ...item.job,
          status: 'done',
          result: JSON.stringify(item.result ?? null),
          last_error: null,
          error_kind: null,
          lease_owner: null,
          lease_expires_at: null,
          finished_at: now,
          updated_at: now,
        });
        attempts.push(attemptOf(item));
      }
      let lost = successes.length - doneIds.size;
      let lastSuccessAt: number | null = null;
      for (const item of successes) if (doneIds.has(item.job.id)) lastSuccessAt = Math.max(lastSuccessAt ?? 0, item.endedAt);
      if (lastSuccessAt !== null) laneStore.recordSuccess(lane, lastSuccessAt);
      for (const item of items) {
        const { decision, error } = item;
        if (decision.action === 'done' || !error) continue;
        const row =
          decision.action === 'fail'
            ? store.markFailed(item.job.id, owner, error.message, error.kind, now)
            : store.markRequeued(item.job.id, owner, { runAt: decision.runAt, refund: decision.refund, error: error.message, errorKind: error.kind }, now);
        laneStore.recordError(lane, now, error.message);
        // Kept across restarts: a revoked credential is not tried again until someone signs in.
        if (error.kind === 'auth') laneStore.setNeedsSignIn(lane, true);
        if (!row) {
          lost += 1;
          continue;
        }
        written.push(row);
        attempts.push(attemptOf(item));
      }
      store.recordAttempts(attempts);
      if (lost > 0) logger.warn('outcomes ignored: the jobs were no longer leased to this worker', { lane, count: lost });
      return written;
    },

    /** Hands back a job taken ahead but never started; it cost no attempt. */
    unclaim(job: JobRow, now: number): JobRow | undefined {
      return store.markRequeued(job.id, owner, { runAt: job.run_at, refund: true, error: job.last_error ?? '', errorKind: job.error_kind }, now);
    },

    /** Puts back a job still running at shutdown, without counting the attempt. */
    release(job: JobRow, startedAt: number, now: number): JobRow | undefined {
      const row = store.markRequeued(job.id, owner, { runAt: now, refund: true, error: SHUTDOWN_ERROR, errorKind: null }, now);
      if (row) store.recordAttempts([{ jobId: job.id, startedAt, endedAt: now, outcome: 'lost', error: SHUTDOWN_ERROR }]);
      return row;
    },
  };
}

export type OutcomeWriter = ReturnType<typeof createOutcomeWriter>;
