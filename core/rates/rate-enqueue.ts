import type { RateCell } from '../../shared/rates-contract.js';
import { newJob } from '../queue/job-kind.js';
import type { Queue } from '../queue/queue.js';
import { datesBetween } from '../../shared/iso-date.js';
import { collapseIntervals, packRequests } from './rate-intervals.js';
import { PERSON_PRIORITY, RATE_PUSH } from './rate-jobs.js';
import type { RateStore, SavedCell, SavedRow } from './rate-store.js';

/**
 * Stores the cells as saved and queues their push: one job per putRate request (30 intervals),
 * every cell pointed at the job that carries it. Must run inside the caller's transaction
 * (queue.enqueue nests as a savepoint), so the cells and their jobs are committed together; the
 * lanes are kicked on setImmediate, after the commit. Answers with the cells as stored.
 */
export function enqueuePushes(deps: { store: RateStore; queue: Queue }, cells: readonly SavedCell[], now: number): { jobIds: number[]; cells: RateCell[] } {
  const roomTypes = new Map(deps.store.roomTypes().map((roomType) => [roomType.id, roomType]));
  const byKey = new Map(cells.map((cell) => [`${cell.roomTypeId}:${cell.date}`, cell]));
  // What a cell left out keeps from its row: whether a person set it, and whether this app
  // closed or opened its sales (said again with every rate it sends).
  const storedNow = new Map(deps.store.cellsAt(cells).map((row) => [`${row.room_type_id}:${row.date}`, row]));
  const kept = new Map(
    [...byKey].map(([key, cell]) => {
      const stored = storedNow.get(key);
      const closed = cell.closed ?? (stored?.closed === undefined || stored.closed === null ? null : stored.closed === 1);
      return [key, { byHand: cell.byHand ?? stored?.rate_by_hand === 1, closed }];
    }),
  );
  const sent = [...byKey].map(([key, cell]) => {
    const { closed } = kept.get(key)!;
    return closed === null ? cell : { ...cell, closed };
  });
  const requests = packRequests(collapseIntervals(sent), (id) => roomTypes.get(id)!);
  const earlierJobs = deps.store.jobsOfCells(cells);
  const results = deps.queue.enqueue(requests.map((rates) => newJob(RATE_PUSH, { rates }, { priority: PERSON_PRIORITY })));
  const jobIds = results.map((result) => result.id);
  const saved: SavedRow[] = [];
  requests.forEach((rates, k) => {
    for (const entry of rates) {
      for (const interval of entry.intervals) {
        // Most intervals are one night (rates differ night by night): no date arithmetic for those.
        for (const date of interval.startDate === interval.endDate ? [interval.startDate] : datesBetween(interval.startDate, interval.endDate)) {
          const key = `${entry.roomTypeId}:${date}`;
          saved.push({ roomTypeId: entry.roomTypeId, date, rate: byKey.get(key)!.rate, jobId: jobIds[k]!, ...kept.get(key)! });
        }
      }
    }
  });
  deps.store.saveAll(saved, now);
  // A failed or still-queued push whose every cell was typed again is done with: it leaves Failed
  // as superseded by the new push, rather than lingering, or ending "Done" having sent nothing.
  const replaced = deps.store.withoutLiveCells(earlierJobs.filter((id) => !jobIds.includes(id)));
  if (replaced.length > 0) deps.queue.supersede(replaced, jobIds[0]!, now);
  // As stored, in the order asked: built here rather than read back (a second read of 1,000 rows costs ms).
  const byCell = new Map(saved.map((row) => [`${row.roomTypeId}:${row.date}`, row]));
  const answer: RateCell[] = [...byKey.keys()].map((key) => {
    const row = byCell.get(key)!;
    return { roomTypeId: row.roomTypeId, date: row.date, rate: row.rate, state: 'saved', error: null, jobId: row.jobId, byHand: row.byHand, closed: row.closed === true };
  });
  return { jobIds, cells: answer };
}
