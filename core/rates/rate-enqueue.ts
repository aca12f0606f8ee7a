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
  return { jobIds: results.map((result) => result.id), cells };
}
