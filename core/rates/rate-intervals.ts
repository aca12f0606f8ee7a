import { MAX_RATE_INTERVALS } from '../integrations/cloudbeds/cloudbeds.js';
import { daysBetween } from '../../shared/iso-date.js';
import type { RatePushEntry } from './rate-jobs.js';

export type { RatePushEntry };

/** One night of one room type at one rate; `closed` only when sales are to be closed or opened. */
export interface CellValue {
  roomTypeId: number;
  date: string;
  rate: number;
  closed?: boolean;
}

/** Consecutive nights of one room type at one rate and open/closed state (both dates included). */
export interface RoomTypeInterval {
  roomTypeId: number;
  startDate: string;
  endDate: string;
  rate: number;
  blocked?: boolean;
}

/**
 * Collapses cells into intervals: consecutive dates of the same room type with equal rates (and
 * equal open/closed state) make one interval. Intervals come out grouped by room type (in
 * first-seen order), dates ascending.
 */
export function collapseIntervals(cells: readonly CellValue[]): RoomTypeInterval[] {
  const byRoomType = new Map<number, CellValue[]>();
  for (const cell of cells) {
    const list = byRoomType.get(cell.roomTypeId);
    if (list) list.push(cell);
    else byRoomType.set(cell.roomTypeId, [cell]);
  }
  const intervals: RoomTypeInterval[] = [];
  for (const [roomTypeId, list] of byRoomType) {
    list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    let open: RoomTypeInterval | null = null;
    for (const cell of list) {
      if (open && open.rate === cell.rate && open.blocked === cell.closed && daysBetween(open.endDate, cell.date) === 1) {
        open.endDate = cell.date;
        continue;
      }
      open = { roomTypeId, startDate: cell.date, endDate: cell.date, rate: cell.rate, ...(cell.closed === undefined ? {} : { blocked: cell.closed }) };
      intervals.push(open);
    }
  }
  return intervals;
}

/**
 * Packs intervals into putRate requests of at most 30 intervals in total, room types mixed when
 * that saves a request (putRate takes several `rates[i]` per call): N intervals always give
 * ⌈N/30⌉ requests, the floor (SPEC §8).
 */
export function packRequests(
  intervals: readonly RoomTypeInterval[],
  roomTypeOf: (roomTypeId: number) => { rateId: number; name: string },
): RatePushEntry[][] {
  const requests: RatePushEntry[][] = [];
  for (let start = 0; start < intervals.length; start += MAX_RATE_INTERVALS) {
    const entries = new Map<number, RatePushEntry>();
    for (const interval of intervals.slice(start, start + MAX_RATE_INTERVALS)) {
      let entry = entries.get(interval.roomTypeId);
      if (!entry) {
        const { rateId, name } = roomTypeOf(interval.roomTypeId);
        entry = { rateId, roomTypeId: interval.roomTypeId, name, intervals: [] };
        entries.set(interval.roomTypeId, entry);
      }
      const { roomTypeId: _roomTypeId, ...sent } = interval;
      entry.intervals.push(sent);
    }
    requests.push([...entries.values()]);
  }
  return requests;
}

/** Whether a date falls in an interval (ISO dates compare as strings). */
export const coversDate = (interval: { startDate: string; endDate: string }, date: string) =>
  interval.startDate <= date && date <= interval.endDate;
