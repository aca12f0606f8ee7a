import type { Db } from '../store/database.js';
import type { JobFilter, JobStatus } from '../../shared/contract.js';
import type { AttemptRow, JobRow } from './job-rows.js';

// One static statement serves every filter: an absent part is NULL and matches everything.
const MATCHES_FILTER = `(@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))
  AND (@lanes IS NULL OR lane IN (SELECT value FROM json_each(@lanes)))
  AND (@types IS NULL OR type IN (SELECT value FROM json_each(@types)))
  AND (@text IS NULL OR instr(lower(summary), @text) > 0 OR instr(lower(payload), @text) > 0 OR instr(lower(coalesce(last_error, '')), @text) > 0)
  AND (@from IS NULL OR created_at >= @from)
  AND (@to IS NULL OR created_at < @to)`;

function filterParams(filter: JobFilter = {}) {
  const list = (values: readonly string[] | undefined) => (values ? JSON.stringify(values) : null);
  return {
    statuses: list(filter.status),
    lanes: list(filter.lane),
    types: list(filter.type),
    text: filter.text ? filter.text.toLowerCase() : null,
    from: filter.from ? Date.parse(filter.from) : null,
    to: filter.to ? Date.parse(filter.to) : null,
  };
}

/** Reads and person-driven changes of jobs, for the API handlers. */
export function createJobQueries(db: Db) {
  const statements = {
    list: db.prepare(`SELECT * FROM jobs WHERE ${MATCHES_FILTER} AND (@before IS NULL OR id < @before)
      ORDER BY id DESC LIMIT @limit`),
    byId: db.prepare('SELECT * FROM jobs WHERE id = ?'),
    // Queued jobs are indexed per lane (jobs_claim), running ones too (jobs_lane_status).
    firstQueued: db.prepare<{ lane: string; type: string }, number>(`SELECT id FROM jobs WHERE lane = @lane AND status = 'queued' AND type = @type
      ORDER BY id LIMIT 1`).pluck(),
    firstQueuedOrRunning: db.prepare<{ lane: string; type: string }, number>(`SELECT id FROM jobs
      WHERE lane = @lane AND (status = 'queued' OR status = 'sending') AND type = @type ORDER BY id LIMIT 1`).pluck(),
    attempts: db.prepare('SELECT * FROM job_attempts WHERE job_id = ? ORDER BY id'),
    // Ended with no answer saying what the remote system did: a refusal (of the values, the
    // sign-in or the rate) did nothing there; a lost attempt, a timeout or a 5xx may have.
    unanswered: db.prepare<{ type: string; orderingKey: string }, number>(`SELECT EXISTS (SELECT 1 FROM job_attempts a JOIN jobs j ON j.id = a.job_id
      WHERE j.type = @type AND j.ordering_key = @orderingKey
        AND (a.outcome = 'lost' OR (a.outcome = 'error' AND coalesce(a.error_kind, '') NOT IN ('validation', 'auth', 'rate_limited'))))`).pluck(),
    waitingFor: db.prepare(`SELECT id, status, type FROM jobs WHERE ordering_key = @orderingKey AND id < @id
      AND status IN ('queued', 'sending', 'failed') ORDER BY id LIMIT 1`),
    retry: db.prepare(`UPDATE jobs SET status = 'queued', attempts = 0, run_at = @now, last_error = NULL, error_kind = NULL,
        finished_at = NULL, updated_at = @now
      WHERE id = @id AND status = 'failed' RETURNING *`),
    // A job waiting out its backoff goes now; its attempts so far still count.
    runNow: db.prepare(`UPDATE jobs SET run_at = @now, updated_at = @now
      WHERE id = @id AND status = 'queued' AND run_at > @now RETURNING *`),
    retryMatching: db.prepare(`UPDATE jobs SET status = 'queued', attempts = 0, run_at = @now, last_error = NULL,
        error_kind = NULL, finished_at = NULL, updated_at = @now
      WHERE status = 'failed' AND ${MATCHES_FILTER} RETURNING *`),
    discard: db.prepare(`UPDATE jobs SET status = 'cancelled', discard_reason = @reason, finished_at = @now, updated_at = @now
      WHERE id = @id AND status IN ('queued', 'failed') RETURNING *`),
    discardLane: db.prepare(`UPDATE jobs SET status = 'cancelled', discard_reason = @reason, finished_at = @now, updated_at = @now
      WHERE lane = @lane AND status IN ('queued', 'failed') RETURNING *`),
    supersede: db.prepare(`UPDATE jobs SET status = 'cancelled', superseded_by = @by, finished_at = @now, updated_at = @now
      WHERE id IN (SELECT value FROM json_each(@ids)) AND status IN ('queued', 'failed') RETURNING *`),
    // Lane by lane, so each count is one range of a partial index, never the finished history;
    // counting a range costs about half as much as grouping a scan of the whole index by lane.
    // Scheduled: queued for a later time and never tried (a door PIN due at check-in − 2 h);
    // a job backing off after an error has a last_error, and counts as queued.
    depthOfLane: db.prepare(`SELECT
        (SELECT COUNT(*) FROM jobs WHERE status = 'queued' AND lane = @lane) AS queued,
        (SELECT COUNT(*) FROM jobs WHERE status = 'queued' AND lane = @lane AND run_at > @now AND last_error IS NULL) AS scheduled,
        (SELECT COUNT(*) FROM jobs WHERE status = 'sending' AND lane = @lane) AS sending,
        (SELECT COUNT(*) FROM jobs WHERE status = 'failed' AND lane = @lane) AS failed`),
  };

  return {
    list(filter: JobFilter | undefined, before: number | null, limit: number): JobRow[] {
      return statements.list.all({ ...filterParams(filter), before, limit }) as JobRow[];
    },
    /**
     * The oldest job of a kind waiting to run (and, with `orRunning`, one running): a flow asks
     * before queueing another run of something already on its way.
     */
    firstWaiting(kind: { lane: string; type: string }, options: { orRunning?: boolean } = {}): number | undefined {
      const args = { lane: kind.lane, type: kind.type };
      return options.orRunning ? statements.firstQueuedOrRunning.get(args) : statements.firstQueued.get(args);
    },
    byId(id: number): JobRow | undefined {
      return statements.byId.get(id) as JobRow | undefined;
    },
    attempts(jobId: number): AttemptRow[] {
      return statements.attempts.all(jobId) as AttemptRow[];
    },
    /**
     * Whether a job of this type and ordering key ever ended without knowing what the remote
     * system did (see `unanswered`): a write it made may exist there though none was recorded.
     */
    hadUnansweredAttempt(type: string, orderingKey: string): boolean {
      return statements.unanswered.get({ type, orderingKey }) === 1;
    },
    waitingFor(job: JobRow): { id: number; status: JobStatus; type: string } | null {
      if (job.ordering_key === null || job.status !== 'queued') return null;
      return (statements.waitingFor.get({ orderingKey: job.ordering_key, id: job.id }) as
        | { id: number; status: JobStatus; type: string }
        | undefined) ?? null;
    },
    /** A failed job back to the queue with its attempts reset, or a job waiting to retry sent now. */
    retry(id: number, now: number): JobRow | undefined {
      return (statements.retry.get({ id, now }) ?? statements.runNow.get({ id, now })) as JobRow | undefined;
    },
    retryMatching(filter: JobFilter | undefined, now: number): JobRow[] {
      return db.transaction(() => statements.retryMatching.all({ ...filterParams(filter), now }) as JobRow[])();
    },
    discard(id: number, reason: string, now: number): JobRow | undefined {
      return statements.discard.get({ id, reason, now }) as JobRow | undefined;
    },
    discardLane(lane: string, reason: string, now: number): JobRow[] {
      return statements.discardLane.all({ lane, reason, now }) as JobRow[];
    },
    /** Cancels queued or failed jobs whose work a later job took over; running ones are left alone. */
    supersede(ids: readonly number[], by: number, now: number): JobRow[] {
      return statements.supersede.all({ ids: JSON.stringify(ids), by, now }) as JobRow[];
    },
    /** Count of unfinished and failed jobs of each lane, by status; `scheduled` ones (not due yet, never tried) apart from `queued`. */
    depth(lanes: readonly string[], now: number): { lane: string; status: JobStatus | 'scheduled'; count: number }[] {
      return lanes.flatMap((lane) => {
        const counts = statements.depthOfLane.get({ lane, now }) as Record<'queued' | 'scheduled' | 'sending' | 'failed', number>;
        return [
          { lane, status: 'queued' as const, count: counts.queued - counts.scheduled },
          ...(['scheduled', 'sending', 'failed'] as const).map((status) => ({ lane, status, count: counts[status] })),
        ];
      });
    },
  };
}

export type JobQueries = ReturnType<typeof createJobQueries>;
