import { createMultiRowInsert } from '../store/multi-row-insert.js';
import type { Db } from '../store/database.js';
import type { ErrorKind } from '../../shared/contract.js';
import type { JobOptions } from './job-kind.js';
import type { JobRow } from './job-rows.js';

/** A job as the store inserts it: a `NewJob` after the queue checked it against its kind. */
export interface JobSpec extends JobOptions {
  lane: string;
  type: string;
  payload: unknown;
  /** One line a person reads (from the kind's `summarize`). */
  summary?: string;
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

// What a claim returns: every column but the ones it sets, which claimedJobRow fills in.
const CLAIM_RETURNING = `id, lane, type, payload, summary, priority, run_at, attempts, max_attempts, last_error, error_kind,
  idempotency_key, ordering_key, coalesce_key, superseded_by, discard_reason, result, created_at, finished_at`;

/**
 * A claimed job's row from the claim's raw values (CLAIM_RETURNING, in order). Raw arrays and
 * this literal, because better-sqlite3 builds a row object one V8 property call at a time, which
 * costs about as much per job as the claim's SQL itself.
 */
function claimedJobRow(values: unknown[], lease: { owner: string; leaseExpiresAt: number; now: number }): JobRow {
  return {
    id: values[0] as number,
    lane: values[1] as string,
    type: values[2] as string,
    payload: values[3] as string,
    summary: values[4] as string,
    status: 'sending',
    priority: values[5] as number,
    run_at: values[6] as number,
    attempts: values[7] as number,
    max_attempts: values[8] as number,
    last_error: values[9] as string | null,
    error_kind: values[10] as ErrorKind | null,
    lease_owner: lease.owner,
    lease_expires_at: lease.leaseExpiresAt,
    leased_at: lease.now,
    idempotency_key: values[11] as string | null,
    ordering_key: values[12] as string | null,
    coalesce_key: values[13] as string | null,
    superseded_by: values[14] as number | null,
    discard_reason: values[15] as string | null,
    result: values[16] as string | null,
    created_at: values[17] as number,
    updated_at: lease.now,
    finished_at: values[18] as number | null,
  };
}

const JOB_COLUMNS = ['lane', 'type', 'payload', 'summary', 'priority', 'run_at', 'max_attempts', 'idempotency_key', 'ordering_key',
  'coalesce_key', 'created_at', 'updated_at'] as const;
const ATTEMPT_COLUMNS = ['job_id', 'started_at', 'ended_at', 'outcome', 'error_kind', 'http_status', 'request_id', 'error',
  'duration_ms'] as const;

/** The row a new job gets; must match the column defaults in the migrations. */
function newJobRow(id: number, spec: JobSpec, payload: string, now: number): JobRow {
  return {
    id,
    lane: spec.lane,
    type: spec.type,
    payload,
    summary: spec.summary ?? '',
    status: 'queued',
    priority: spec.priority ?? 0,
    run_at: spec.runAt ?? now,
    attempts: 0,
    max_attempts: spec.maxAttempts ?? 10,
    last_error: null,
    error_kind: null,
    lease_owner: null,
    lease_expires_at: null,
    leased_at: null,
    idempotency_key: spec.idempotencyKey ?? null,
    ordering_key: spec.orderingKey ?? null,
    coalesce_key: spec.coalesceKey ?? null,
    superseded_by: null,
    discard_reason: null,
    result: null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  };
}

/** What each spec of a batch got: a new job, or the one that already had its idempotency key. */
export interface InsertResult {
  job: JobRow;
  created: boolean;
}

/** A spec to insert, with its place in the batch and its payload as JSON. */
interface FreshJob {
  spec: JobSpec;
  payload: string;
  slot: number;
}

/** The JOB_COLUMNS values of new jobs. */
function jobValues(fresh: FreshJob[], now: number): unknown[][] {
  return fresh.map(({ spec, payload }) => [
    spec.lane,
    spec.type,
    payload,
    spec.summary ?? '',
    spec.priority ?? 0,
    spec.runAt ?? now,
    spec.maxAttempts ?? 10,
    spec.idempotencyKey ?? null,
    spec.orderingKey ?? null,
    spec.coalesceKey ?? null,
    now,
    now,
  ]);
}

/** Every statement that moves a job through its life, prepared once. */
export function createJobStore(db: Db) {
  const insertJobs = createMultiRowInsert(db, 'jobs', JOB_COLUMNS);
  // Nested in the caller's transaction, this is a savepoint: a failed insert leaves no row behind.
  const insertInSavepoint = db.transaction(insertJobs);
  /** Inserts the jobs, or nothing and null when one's idempotency key is already taken. */
  const insertUnlessKeyTaken = (values: unknown[][]): number[] | null => {
    try {
      return insertInSavepoint(values);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') return null;
      throw error;
    }
  };
  const insertAttempts = createMultiRowInsert(db, 'job_attempts', ATTEMPT_COLUMNS);
  const statements = {
    byIdempotencyKeys: db.prepare('SELECT * FROM jobs WHERE idempotency_key IN (SELECT value FROM json_each(?))'),
    supersede: db.prepare(`UPDATE jobs SET status = 'cancelled', superseded_by = @id, updated_at = @now, finished_at = @now
      WHERE coalesce_key = @coalesceKey AND status = 'queued' AND id < @id RETURNING *`),
    claim: db.prepare(`UPDATE jobs SET status = 'sending', lease_owner = @owner, lease_expires_at = @leaseExpiresAt,
        leased_at = @now, attempts = attempts + 1, updated_at = @now
      WHERE id IN (SELECT j.id FROM jobs j
        WHERE j.lane = @lane AND j.status = 'queued' AND j.run_at <= @now AND ${NOT_BLOCKED}
        ORDER BY j.priority DESC, j.run_at, j.id LIMIT @limit)
      RETURNING ${CLAIM_RETURNING}`).raw(),
    nextDueAt: db.prepare(`SELECT MIN(j.run_at) AS at FROM jobs j
      WHERE j.lane = ? AND j.status = 'queued' AND ${NOT_BLOCKED}`),
    heartbeat: db.prepare(`UPDATE jobs SET lease_expires_at = @leaseExpiresAt
      WHERE id = @id AND status = 'sending' AND lease_owner = @owner`),
    // Many outcomes in one statement: @done is a JSON array of [id, result] pairs (result as JSON
    // text); pairs, because SQLite reads an array element faster than an object member.
    markManyDone: db.prepare(`UPDATE jobs SET status = 'done', result = outcome.value ->> 1, last_error = NULL,
        error_kind = NULL, ${CLEAR_LEASE}, finished_at = @now, updated_at = @now
      FROM json_each(@done) AS outcome
      WHERE jobs.id = outcome.value ->> 0 AND jobs.status = 'sending' AND jobs.lease_owner = @owner
      RETURNING jobs.id`).pluck(),
    markRequeued: db.prepare(`UPDATE jobs SET status = 'queued', run_at = @runAt, attempts = attempts - @refund,
        last_error = @error, error_kind = @errorKind, ${CLEAR_LEASE}, updated_at = @now
      WHERE id = @id AND status = 'sending' AND lease_owner = @owner RETURNING *`),
    markFailed: db.prepare(`UPDATE jobs SET status = 'failed', last_error = @error, error_kind = @errorKind,
        ${CLEAR_LEASE}, finished_at = @now, updated_at = @now
      WHERE id = @id AND status = 'sending' AND lease_owner = @owner RETURNING *`),
    sendingLeases: db.prepare(`SELECT * FROM jobs WHERE status = 'sending'
      AND (lease_expires_at <= @now OR (@foreignToo = 1 AND lease_owner IS NOT @owner))`),
    recoverLease: db.prepare(`UPDATE jobs SET status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
        run_at = @now, last_error = @error, error_kind = 'server', ${CLEAR_LEASE}, updated_at = @now,
        finished_at = CASE WHEN attempts >= max_attempts THEN @now END
      WHERE id = @id AND status = 'sending' RETURNING *`),
    laneOfOrderingKey: db.prepare(`SELECT DISTINCT lane FROM jobs WHERE ordering_key = ? AND status = 'queued'`),
    // One bounded chunk at a time (jobs_finished index), oldest first, so a long history never
    // holds the database, or the event loop, for long.
    pruneFinished: db.prepare(`DELETE FROM jobs WHERE id IN (SELECT id FROM jobs
      WHERE status IN ('done', 'cancelled') AND finished_at < @before ORDER BY finished_at LIMIT @limit)`),
  };

  function recordAttempts(attempts: AttemptRecord[]): void {
    insertAttempts(
      attempts.map((a) => [
        a.jobId,
        a.startedAt,
        a.endedAt,
        a.outcome,
        a.errorKind ?? null,
        a.httpStatus ?? null,
        a.requestId ?? null,
        a.error ?? null,
        Math.max(0, a.endedAt - a.startedAt),
      ]),
    );
  }

  /** Inserts the specs whose key no job has, in the table or earlier in the batch; the others get that job. */
  function insertSkippingTakenKeys(fresh: FreshJob[], now: number): InsertResult[] {
    const results: InsertResult[] = new Array(fresh.length);
    const firstSlotByKey = new Map<string, number>();
    const repeats: [slot: number, firstSlot: number][] = [];
    const unique = fresh.filter(({ spec, slot }) => {
      const key = spec.idempotencyKey;
      if (key === undefined) return true;
      const firstSlot = firstSlotByKey.get(key);
      if (firstSlot === undefined) firstSlotByKey.set(key, slot);
      else repeats.push([slot, firstSlot]);
      return firstSlot === undefined;
    });
    const existing = statements.byIdempotencyKeys.all(JSON.stringify([...firstSlotByKey.keys()])) as JobRow[];
    for (const row of existing) results[firstSlotByKey.get(row.idempotency_key!)!] = { job: row, created: false };
    const added = unique.filter(({ slot }) => results[slot] === undefined);
    const ids = insertJobs(jobValues(added, now));
    added.forEach(({ spec, payload, slot }, i) => (results[slot] = { job: newJobRow(ids[i]!, spec, payload, now), created: true }));
    for (const [slot, firstSlot] of repeats) results[slot] = { job: results[firstSlot]!.job, created: false };
    return results;
  }

  return {
    /**
     * Inserts jobs (call inside a transaction), in order. A spec whose idempotency key exists,
     * in the table or earlier in the same batch, gets that job back instead. Returns each spec's
     * job and the queued jobs that new ones superseded by coalescing.
     */
    insertMany(specs: JobSpec[], now: number): { results: InsertResult[]; superseded: JobRow[] } {
      const fresh = specs.map((spec, slot) => ({ spec, payload: JSON.stringify(spec.payload ?? null), slot }));
      // Usually no key is taken, in the table or earlier in the batch, and the unique index checks
      // that during the insert anyway: looking the keys up first would cost as much again. Only
      // when one is taken is that insert undone and the batch sorted out key by key.
      const ids = fresh.some(({ spec }) => spec.idempotencyKey !== undefined)
        ? insertUnlessKeyTaken(jobValues(fresh, now))
        : insertJobs(jobValues(fresh, now));
      const results = ids
        ? fresh.map(({ spec, payload }, i) => ({ job: newJobRow(ids[i]!, spec, payload, now), created: true }))
        : insertSkippingTakenKeys(fresh, now);
      // The newest job of each coalesce key cancels the queued ones before it.
      const newestByCoalesceKey = new Map<string, JobRow>();
      for (const { job, created } of results) if (created && job.coalesce_key !== null) newestByCoalesceKey.set(job.coalesce_key, job);
      const superseded = [...newestByCoalesceKey].flatMap(
        ([coalesceKey, job]) => statements.supersede.all({ id: job.id, coalesceKey, now }) as JobRow[],
      );
      return { results, superseded };
    },

    /** Leases up to `limit` due, unblocked jobs of a lane; counts the attempt. */
    claim(lane: string, limit: number, owner: string, leaseMs: number, now: number): JobRow[] {
      const lease = { owner, leaseExpiresAt: now + leaseMs, now };
      const values = statements.claim.all({ lane, limit, ...lease }) as unknown[][];
      // RETURNING gives rows in the order they were updated (by id), not the claim's order.
      return values.map((row) => claimedJobRow(row, lease)).sort((a, b) => b.priority - a.priority || a.run_at - b.run_at || a.id - b.id);
    },

    /** When the lane's next runnable job is due, or null when it has none. */
    nextDueAt(lane: string): number | null {
      return (statements.nextDueAt.get(lane) as { at: number | null }).at;
    },

    heartbeat(id: number, owner: string, leaseExpiresAt: number): boolean {
      return statements.heartbeat.run({ id, owner, leaseExpiresAt }).changes === 1;
    },

    /** Marks jobs done in one statement; returns the ids that were still leased to `owner`. */
    markManyDone(done: { id: number; result: unknown }[], owner: string, now: number): Set<number> {
      if (done.length === 0) return new Set();
      const outcomes = JSON.stringify(done.map((item) => [item.id, JSON.stringify(item.result ?? null)]));
      return new Set(statements.markManyDone.all({ done: outcomes, owner, now }) as number[]);
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

    recordAttempts,

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
        recordAttempts([{ jobId: row.id, startedAt: row.leased_at ?? now, endedAt: now, outcome: 'lost', errorKind: 'server', error }]);
        const updated = statements.recoverLease.get({ id: row.id, now, error }) as JobRow | undefined;
        if (updated) recovered.push(updated);
      }
      return recovered;
    },

    /** Lanes holding queued jobs that wait on this ordering key. */
    lanesWaitingOn(orderingKey: string): string[] {
      return (statements.laneOfOrderingKey.all(orderingKey) as { lane: string }[]).map((row) => row.lane);
    },

    /** Deletes up to `limit` Done and Cancelled jobs finished before `before`; Failed ones are kept. */
    pruneFinished(before: number, limit: number): number {
      return statements.pruneFinished.run({ before, limit }).changes;
    },
  };
}

export type JobStore = ReturnType<typeof createJobStore>;
