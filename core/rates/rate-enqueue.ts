import type { RateCell } from '../../shared/rates-contract.js';
import { newJob } from '../queue/job-kind.js';
import type { Queue } from '../queue/queue.js';
import { datesBetween } from '../../shared/iso-date.js';
import type { RatePushEntry } from './rate-intervals.js';
import { PERSON_PRIORITY, RATE_PUSH } from './rate-jobs.js';
import type { RateStore } from './rate-store.js';

/**
 * Queues one push job per request and points every cell it carries at that job, as `saved`.
 * Must run inside the caller's transaction (queue.enqueue nests as a savepoint), so the cells
 * and their jobs are committed together; the lanes are kicked on setImmediate, after the commit.
 */
export function enqueuePushes(deps: { store: RateStore; queue: Queue }, requests: RatePushEntry[][], now: number): { jobIds: number[]; cells: RateCell[] } {
  const touched = requests.flatMap((rates) =>
    rates.flatMap((entry) => entry.intervals.flatMap((interval) => datesBetween(interval.startDate, interval.endDate).map((date) => ({ roomTypeId: entry.roomTypeId, date })))),
  );
  const earlierJobs = deps.store.jobsOfCells(touched);
  const results = deps.queue.enqueue(requests.map((rates) => newJob(RATE_PUSH, { rates }, { priority: PERSON_PRIORITY })));
  const cells: RateCell[] = [];
  requests.forEach((rates, k) => {
    const jobId = results[k]!.id;
    for (const entry of rates) {
      for (const interval of entry.intervals) {
        for (const date of datesBetween(interval.startDate, interval.endDate)) {
          deps.store.upsertSaved({ roomTypeId: entry.roomTypeId, date, rate: interval.rate }, jobId, now);
          cells.push({ roomTypeId: entry.roomTypeId, date, rate: interval.rate, state: 'saved', error: null, jobId });
        }
      }
    }
  });
  // A failed or still-queued push whose every cell was typed again is done with: it leaves Failed
  // as superseded by the new push, rather than lingering, or ending "Done" having sent nothing.
  const jobIds = results.map((result) => result.id);
  const replaced = deps.store.withoutLiveCells(earlierJobs.filter((id) => !jobIds.includes(id)));
  if (replaced.length > 0) deps.queue.supersede(replaced, jobIds[0]!, now);
  return { jobIds, cells };
}
