import type { ValidCallArgs, CallResult } from '../../shared/contract.js';
import { MAX_RATE, MIN_RATE, type RateCell } from '../../shared/rates-contract.js';
import { CallError } from '../api/call-error.js';
import type { Clock } from '../clock.js';
import { acceptedDates, checkAcceptedDate, type HotelCalendar } from '../hotel-calendar.js';
import type { Queue } from '../queue/queue.js';
import type { Db } from '../store/database.js';
import { enqueuePushes } from './rate-enqueue.js';
import { createRateDrafts } from './rate-drafts.js';
import { datesBetween } from '../../shared/iso-date.js';
import { collapseIntervals, packRequests, type CellValue } from './rate-intervals.js';
import { toRateCell, type RateStore, type StoredRoomType } from './rate-store.js';
import { finalRate } from '../../shared/rates-contract.js';


export interface RateHandlerDeps {
  db: Db;
  store: RateStore;
  queue: Queue;
  clock: Clock;
  /** The hotel's today, for refusing past dates and dates too far ahead. */
  calendar: HotelCalendar;
  /** Announces cells whose state changed (other windows, the tray). */
  cellsChanged(cells: RateCell[]): void;
  /** Queues the room-type import (once); called while there are no room types to show. */
  requestImport(): void;
}

/** Refuses a change the schema let through but the hotel cannot take, naming the cell's field. */
function checkChange(change: CellValue, i: number, roomTypes: Map<number, StoredRoomType>, today: string, window: { first: string; last: string }): void {
  const at = `changes.${i}`;
  if (!roomTypes.has(change.roomTypeId)) {
    throw new CallError('invalid_argument', `${at}.roomTypeId: there is no room type ${change.roomTypeId}`, `${at}.roomTypeId`);
  }
  if (change.date < today) {
    throw new CallError('invalid_argument', `${at}.date: ${change.date} is in the past (today is ${today})`, `${at}.date`);
  }
  checkAcceptedDate(change.date, `${at}.date`, window);
  if (!(Number.isFinite(change.rate) && change.rate >= MIN_RATE && change.rate <= MAX_RATE)) {
    throw new CallError('invalid_argument', `${at}.rate: must be at least ${MIN_RATE} and at most ${MAX_RATE}`, `${at}.rate`);
  }
}

/**
 * The base rate of each date, null where there is none. A date past the imported year follows
 * the last known base (and one before it the first), but a date inside it without a row is a
 * night Cloudbeds had no rate for: it stays blank rather than borrowing its neighbour's.
 */
function baseRatesOf(store: RateStore, dates: string[]): (number | null)[] {
  const span = store.baseRateSpan();
  if (!span || dates.length === 0) return dates.map(() => null);
  const bases = store.baseRatesBetween(dates[0]!, dates[dates.length - 1]!);
  let carried = store.baseRateBefore(dates[0]!) ?? null;
  return dates.map((date) => {
    const known = bases.get(date);
    if (known !== undefined) return (carried = known);
    return date >= span.first && date <= span.last ? null : carried;
  });
}

const defaultRate = (base: number | null, roomType: StoredRoomType): number | null => (base === null ? null : finalRate(base, roomType.differential));

/** `rates/grid` and `rates/submit`. */
export function createRateHandlers(deps: RateHandlerDeps) {
  const { db, store, queue, clock } = deps;
  const drafts = createRateDrafts(db);

  function grid({ from, to }: ValidCallArgs<'rates/grid'>): CallResult<'rates/grid'> {
    const window = acceptedDates(deps.calendar);
    checkAcceptedDate(from, 'from', window);
    checkAcceptedDate(to, 'to', window);
    const roomTypes = store.roomTypes();
    const dates = datesBetween(from, to);
    if (roomTypes.length === 0) {
      deps.requestImport();
      return { roomTypes: [], dates, cells: [] };
    }
    const baseByDate = baseRatesOf(store, dates);
    const overrides = new Map(store.overridesBetween(from, to).map((row) => [`${row.room_type_id}:${row.date}`, row]));
    const cells: RateCell[] = [];
    for (const roomType of roomTypes) {
      dates.forEach((date, d) => {
        const override = overrides.get(`${roomType.id}:${date}`);
        cells.push(
          override
            ? toRateCell(override)
            : { roomTypeId: roomType.id, date, rate: defaultRate(baseByDate[d]!, roomType), state: 'default', error: null, jobId: null },
        );
      });
    }
    return { roomTypes: roomTypes.map(({ rateId: _rateId, ...info }) => info), dates, cells };
  }

  function submit({ changes }: ValidCallArgs<'rates/submit'>): CallResult<'rates/submit'> {
    const roomTypes = new Map(store.roomTypes().map((roomType) => [roomType.id, roomType]));
    const today = deps.calendar.today();
    const window = acceptedDates(deps.calendar);
    changes.forEach((change, i) => checkChange(change, i, roomTypes, today, window));
    // The same cell twice in one submit: the later value wins, as it would across submits.
    const latest = new Map<string, CellValue>();
    for (const change of changes) latest.set(`${change.roomTypeId}:${change.date}`, change);
    const requests = packRequests(collapseIntervals([...latest.values()]), (id) => roomTypes.get(id)!);
    const now = clock.now();
    // One durable transaction: the cells and the jobs that push them exist together or not at
    // all, and what was sent stops being a draft in the same commit.
    const { jobIds, cells } = db.transaction(() => {
      drafts.forget(changes);
      return enqueuePushes({ store, queue }, requests, now);
    })();
    deps.cellsChanged(cells);
    return { jobIds, cells };
  }

  return {
    'rates/grid': grid,
    'rates/submit': submit,
    'rates/drafts': () => ({ drafts: drafts.all() }),
    'rates/save-drafts': ({ drafts: next }: ValidCallArgs<'rates/save-drafts'>) => {
      const roomTypes = new Set(store.roomTypes().map((roomType) => roomType.id));
      const window = acceptedDates(deps.calendar);
      next.forEach((draft, i) => {
        if (!roomTypes.has(draft.roomTypeId)) {
          throw new CallError('invalid_argument', `drafts.${i}.roomTypeId: there is no room type ${draft.roomTypeId}`, `drafts.${i}.roomTypeId`);
        }
        checkAcceptedDate(draft.date, `drafts.${i}.date`, window);
      });
      return { saved: drafts.replace(next, clock.now()) };
    },
  };
}
