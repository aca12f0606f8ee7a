import type { Db } from '../store/database.js';
import type { ErrorKind } from '../../shared/contract.js';
import type { JobRow } from './job-rows.js';

/** What a caller asks the queue to do. */
export interface JobSpec {
  lane: string;
  type: string;
  payload: unknown;
  /** Higher runs first; a person's action goes before background sync. */
  priority?: number;
  /** Not before this time (ms since epoch). */
  runAt?: number;
  maxAttempts?: number;
  /** A job with this key already present is returned instead of a duplicate. */
  idempotencyKey?: string;
  /** Jobs with the same key run one after another, in enqueue order. */
  orderingKey?: string;
  /** A new job cancels the still-queued jobs with the same key: the last value wins. */
  coalesceKey?: string;
}

export interface AttemptRecord {
  jobId: number;
  startedAt: number;
  endedAt: number;
  outcome: 'done' | 'error' | 'lost';
  errorKind?: ErrorKind | null;
  httpStatus?: number | null;
  requestId?: string | null;
  error?: string | null;
}

// A job may run when nothing earlier with its ordering key is still queued, sending or failed.
const NOT_BLOCKED = `(j.ordering_key IS NULL OR NOT EXISTS (
  SELECT 1 FROM jobs e WHERE e.ordering_key = j.ordering_key AND e.id < j.id
    AND e.status IN ('queued', 'sending', 'failed')))`;

const CLEAR_LEASE = 'lease_owner = NULL, lease_expires_at = NULL';

/** Every statement that moves a job through its life, prepared once. */
export function createJobStore(db: Db) {
  const statements = {
    insert: db.prepare(`INSERT INTO jobs (lane, type, payload, priority, run_at, max_attempts, idempotency_key,
        ordering_key, coalesce_key, created_at, updated_at)
      VALUES (@lane, @type, @payload, @priority, @runAt, @maxAttempts, @idempotencyKey, @orderingKey, @coalesceKey, @now, @now)
      ON CONFLICT (idempotency_key) DO NOTHING RETURNING *`),
    byIdempotencyKey: db.prepare('SELECT * FROM jobs WHERE idempotency_key = ?'),
    supersede: db.prepare(`UPDATE jobs SET status = 'cancelled', superseded_by = @id, updated_at = @now, finished_at = @now
      WHERE coalesce_key = @coalesceKey AND status = 'queued' AND id < @id RETURNING *`),
    claim: db.prepare(`UPDATE jobs SET status = 'sending', lease_owner = @owner, lease_expires_at = @leaseExpiresAt,
        leased_at = @now, attempts = attempts + 1, updated_at = @now
      WHERE id IN (SELECT j.id FROM jobs j
        WHERE j.lane = @lane AND j.status = 'queued' AND j.run_at <= @now AND ${NOT_BLOCKED}
        ORDER BY j.priority DESC, j.run_at, j.id LIMIT @limit)
      RETURNING *`),
    nextDueAt: db.prepare(`SELECT MIN(j.run_at) AS at FROM jobs j
      WHERE j.lane = ? AND j.status = 'queued' AND ${NOT_BLOCKED}`),
    heartbeat: db.prepare(`UPDATE jobs SET lease_expires_at = @leaseExpiresAt
      WHERE id = @id AND status = 'sending' AND lease_owner = @owner`),
    markDone: db.prepare(`UPDATE jobs SET status = 'done', result = @result, last_error = NULL, error_kind = NULL,
        ${CLEAR_LEASE}, finished_at = @now, updated_at = @now
      WHERE id = @id AND status = 'sending' AND lease_owner = @owner RETURNING *`),
    markRequeued: db.prepare(`UPDATE jobs SET status = 'queued', run_at = @runAt, attempts = attempts - @refund,
        last_error = @error, error_kind = @errorKind, ${CLEAR_LEASE}, updated_at = @now
      WHERE id = @id AND status = 'sending' AND lease_owner = @owner RETURNING *`),
    markFailed: db.prepare(`UPDATE jobs SET status = 'failed', last_error = @error, error_kind = @errorKind,
        ${CLEAR_LEASE}, finished_at = @now, updated_at = @now
      WHERE id = @id AND status = 'sending' AND lease_owner = @owner RETURNING *`),
    insertAttempt: db.prepare(`INSERT INTO job_attempts
        (job_id, started_at, ended_at, outcome, error_kind, http_status, request_id, error, duration_ms)
      VALUES (@jobId, @startedAt, @endedAt, @outcome, @errorKind, @httpStatus, @requestId, @error, @durationMs)`),
    sendingLeases: db.prepare(`SELECT * FROM jobs WHERE status = 'sending'
      AND (lease_expires_at <= @now OR (@foreignToo = 1 AND lease_owner IS NOT @owner))`),
    recoverLease: db.prepare(`UPDATE jobs SET status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
        run_at = @now, last_error = @error, error_kind = 'server', ${CLEAR_LEASE}, updated_at = @now,
        finished_at = CASE WHEN attempts >= max_attempts THEN @now END
      WHERE id = @id AND status = 'sending' RETURNING *`),
    laneOfOrderingKey: db.prepare(`SELECT DISTINCT lane FROM jobs WHERE ordering_key = ? AND status = 'queued'`),
    pruneFinished: db.prepare(`DELETE FROM jobs WHERE status IN ('done', 'cancelled') AND finished_at < ?`),
  };

  function recordAttempt(attempt: AttemptRecord): void {
    statements.insertAttempt.run({
      jobId: attempt.jobId,
      startedAt: attempt.startedAt,
      endedAt: attempt.endedAt,
      outcome: attempt.outcome,
      errorKind: attempt.errorKind ?? null,
      httpStatus: attempt.httpStatus ?? null,
      requestId: attempt.requestId ?? null,
      error: attempt.error ?? null,
      durationMs: Math.max(0, attempt.endedAt - attempt.startedAt),
    });
  }

  return {
    /**
     * Inserts one job (call inside a transaction). Returns the job, whether it is new, and the
     * queued jobs it superseded.
     */
    insert(spec: JobSpec, now: number): { job: JobRow; created: boolean; superseded: JobRow[] } {
      const inserted = statements.insert.get({
        lane: spec.lane,
        type: spec.type,
        payload: JSON.stringify(spec.payload ?? null),
        priority: spec.priority ?? 0,
        runAt: spec.runAt ?? now,
        maxAttempts: spec.maxAttempts ?? 10,
        idempotencyKey: spec.idempotencyKey ?? null,
        orderingKey: spec.orderingKey ?? null,
        coalesceKey: spec.coalesceKey ?? null,
        now,
      }) as JobRow | undefined;
      if (!inserted) {
        return { job: statements.byIdempotencyKey.get(spec.idempotencyKey) as JobRow, created: false, superseded: [] };
      }
      const superseded = spec.coalesceKey
        ? (statements.supersede.all({ id: inserted.id, coalesceKey: spec.coalesceKey, now }) as JobRow[])
        : [];
      return { job: inserted, created: true, superseded };
    },

    /** Leases up to `limit` due, unblocked jobs of a lane; counts the attempt. */
    claim(lane: string, limit: number, owner: string, leaseMs: number, now: number): JobRow[] {
      const rows = statements.claim.all({ lane, limit, owner, leaseExpiresAt: now + leaseMs, now }) as JobRow[];
      return rows.sort((a, b) => b.priority - a.priority || a.run_at - b.run_at || a.id - b.id);
    },

    /** When the lane's next runnable job is due, or null when it has none. */
    nextDueAt(lane: string): number | null {
      return (statements.nextDueAt.get(lane) as { at: number | null }).at;
    },

    heartbeat(id: number, owner: string, leaseExpiresAt: number): boolean {
      return statements.heartbeat.run({ id, owner, leaseExpiresAt }).changes === 1;
    },

    markDone(id: number, owner: string, result: unknown, now: number): JobRow | undefined {
      return statements.markDone.get({ id, owner, result: JSON.stringify(result ?? null), now }) as JobRow | undefined;
    },

    /** Back to Queued; `refund` takes back the attempt the claim counted. */
    markRequeued(
      id: number,
      owner: string,
      change: { runAt: number; refund: boolean; error: string; errorKind: ErrorKind | null },
      now: number,
    ): JobRow | undefined {
      return statements.markRequeued.get({
        id,
        owner,
        runAt: change.runAt,
        refund: change.refund ? 1 : 0,
        error: change.error,
        errorKind: change.errorKind,
        now,
      }) as JobRow | undefined;
    },

    markFailed(id: number, owner: string, error: string, errorKind: ErrorKind, now: number): JobRow | undefined {
      return statements.markFailed.get({ id, owner, error, errorKind, now }) as JobRow | undefined;
    },

    recordAttempt,

    /**
     * Returns leased jobs whose worker is gone to the queue: those whose lease expired, and at
     * start-up (`foreignToo`) every lease not held by this process. A job out of attempts fails.
     */
    recoverLeases(owner: string, now: number, options: { foreignToo: boolean; keep: ReadonlySet<number> }): JobRow[] {
      const lost = (statements.sendingLeases.all({ now, owner, foreignToo: options.foreignToo ? 1 : 0 }) as JobRow[]).filter(
        (row) => !options.keep.has(row.id),
      );
      const recovered: JobRow[] = [];
      for (const row of lost) {
        const error = 'The app stopped while this job was being sent; it was put back in the queue.';
        recordAttempt({ jobId: row.id, startedAt: row.leased_at ?? now, endedAt: now, outcome: 'lost', errorKind: 'server', error });
        const updated = statements.recoverLease.get({ id: row.id, now, error }) as JobRow | undefined;
        if (updated) recovered.push(updated);
      }
      return recovered;
    },

    /** Lanes holding queued jobs that wait on this ordering key. */
    lanesWaitingOn(orderingKey: string): string[] {
      return (statements.laneOfOrderingKey.all(orderingKey) as { lane: string }[]).map((row) => row.lane);
    },

    /** Deletes Done and Cancelled jobs finished before `before`; Failed ones are kept. */
    pruneFinished(before: number): number {
      return statements.pruneFinished.run(before).changes;
    },
  };
}

export type JobStore = ReturnType<typeof createJobStore>;
