import type { Clock } from '../clock.js';
import { parseJson, toJobAttempt, toJobSummary, type JobRow } from '../queue/job-rows.js';
import type { JobQueries } from '../queue/job-queries.js';
import type { Queue } from '../queue/queue.js';
import type { Handlers } from './invoke.js';
import { CallError, notFound } from './call-error.js';

const DEFAULT_PAGE = 100;

/**
 * A person's retry: a failed job (or one waiting to retry) goes back in the queue to run now,
 * with its attempts counted afresh, and its lane wakes. Undefined when the job is neither.
 */
export function retryJobNow(deps: { queries: JobQueries; queue: Queue }, id: number, now: number): JobRow | undefined {
  const row = deps.queries.retry(id, now);
  if (!row) return undefined;
  deps.queue.jobsChanged([row]);
  deps.queue.kick(row.lane);
  return row;
}

/** The `jobs/*` calls: history, one job's timeline, and the person's retry and discard. */
export function createJobHandlers(deps: { queries: JobQueries; queue: Queue; clock: Clock }) {
  const { queries, queue, clock } = deps;

  return {
    'jobs/list': ({ filter, cursor, limit = DEFAULT_PAGE }) => {
      const rows = queries.list(filter, cursor === undefined ? null : Number(cursor), limit + 1);
      const page = rows.slice(0, limit);
      return {
        items: page.map(toJobSummary),
        nextCursor: rows.length > limit ? String(page.at(-1)!.id) : null,
      };
    },

    'jobs/get': ({ id }) => {
      const row = queries.byId(id);
      if (!row) throw notFound('Job', id);
      return {
        ...toJobSummary(row),
        payload: parseJson(row.payload),
        result: parseJson(row.result),
        attemptHistory: queries.attempts(id).map(toJobAttempt),
        waitingFor: queries.waitingFor(row),
      };
    },

    'jobs/retry': ({ id }) => {
      const row = retryJobNow(deps, id, clock.now());
      if (!row) {
        const existing = queries.byId(id);
        if (!existing) throw notFound('Job', id);
        throw new CallError('conflict', `Job ${id} is ${existing.status}; only a failed job, or one waiting to retry, can be retried`, 'id');
      }
      return toJobSummary(row);
    },

    'jobs/retry-all': ({ filter }) => {
      const rows = queries.retryMatching(filter, clock.now());
      queue.jobsChanged(rows);
      for (const lane of new Set(rows.map((row) => row.lane))) queue.kick(lane);
      return { count: rows.length };
    },

    'jobs/discard': ({ id, reason }) => {
      const row = queries.discard(id, reason, clock.now());
      if (!row) {
        const existing = queries.byId(id);
        if (!existing) throw notFound('Job', id);
        throw new CallError('conflict', `Job ${id} is ${existing.status}; only a queued or failed job can be discarded`, 'id');
      }
      queue.jobsChanged([row]);
      return toJobSummary(row);
    },
  } satisfies Partial<Handlers>;
}
