import type { RateCell } from '../../shared/rates-contract.js';
import { newJob } from '../queue/job-kind.js';
import type { Queue } from '../queue/queue.js';
import { datesBetween } from '../../shared/iso-date.js';
import { collapseIntervals, packRequests } from './rate-intervals.js';
import { PERSON_PRIORITY, RATE_PUSH } from './rate-jobs.js';
import { toRateCell, type RateStore, type SavedCell } from './rate-store.js';

/**
 * Stores the cells as saved and queues their push: one job per putRate request (30 intervals),
 * every cell pointed at the job that carries it. Must run inside the caller's transaction
 * (queue.enqueue nests as a savepoint), so the cells and their jobs are committed together; the
 * lanes are kicked on setImmediate, after the commit. Answers with the cells as stored.
 */
export function enqueuePushes(deps: { store: RateStore; queue: Queue }, cells: readonly SavedCell[], now: number): { jobIds: number[]; cells: RateCell[] } {
  const roomTypes = new Map(deps.store.roomTypes().map((roomType) => [roomType.id, roomType]));
  const byKey = new Map(cells.map((cell) => [`${cell.roomTypeId}:${cell.date}`, cell]));
  // A cell whose sales this app closed or opened says so again with every rate it sends.
  const closedNow = new Map(deps.store.cellsAt(cells).map((row) => [`${row.room_type_id}:${row.date}`, row.closed]));
  const sent = cells.map((cell) => {
    const stored = closedNow.get(`${cell.roomTypeId}:${cell.date}`);
    const closed = cell.closed ?? (stored === undefined || stored === null ? undefined : stored === 1);
    return closed === undefined ? cell : { ...cell, closed };
  });
  const requests = packRequests(collapseIntervals(sent), (id) => roomTypes.get(id)!);
  const earlierJobs = deps.store.jobsOfCells(cells);
  const results = deps.queue.enqueue(requests.map((rates) => newJob(RATE_PUSH, { rates }, { priority: PERSON_PRIORITY })));
  const jobIds = results.map((result) => result.id);
  requests.forEach((rates, k) => {
    for (const entry of rates) {
      for (const interval of entry.intervals) {
        for (const date of datesBetween(interval.startDate, interval.endDate)) {
          deps.store.upsertSaved(byKey.get(`${entry.roomTypeId}:${date}`)!, jobIds[k]!, now);
        }
      }
    }
  });
  // A failed or still-queued push whose every cell was typed again is done with: it leaves Failed
  // as superseded by the new push, rather than lingering, or ending "Done" having sent nothing.
  const replaced = deps.store.withoutLiveCells(earlierJobs.filter((id) => !jobIds.includes(id)));
  if (replaced.length > 0) deps.queue.supersede(replaced, jobIds[0]!, now);
  return { jobIds, cells: deps.store.cellsAt(cells).map(toRateCell) };
}
