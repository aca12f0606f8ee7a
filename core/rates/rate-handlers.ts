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
import type { CellValue } from './rate-intervals.js';
import { toRateCell, type RateStore, type SavedCell, type StoredRoomType } from './rate-store.js';
import { baseRoomTypeOf, finalRate } from '../../shared/rates-contract.js';

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

/** Refuses a cell the schema let through but the hotel cannot take (`at`: its field, `changes.3`). */
function checkCell(cell: { roomTypeId: number; date: string }, at: string, roomTypes: Map<number, StoredRoomType>, today: string, window: { first: string; last: string }): void {
  if (!roomTypes.has(cell.roomTypeId)) {
    throw new CallError('invalid_argument', `${at}.roomTypeId: there is no room type ${cell.roomTypeId}`, `${at}.roomTypeId`);
  }
  if (cell.date < today) {
    throw new CallError('invalid_argument', `${at}.date: ${cell.date} is in the past (today is ${today})`, `${at}.date`);
  }
  checkAcceptedDate(cell.date, `${at}.date`, window);
}

const isRate = (rate: number) => Number.isFinite(rate) && rate >= MIN_RATE && rate <= MAX_RATE;

/** Refuses a change the schema let through but the hotel cannot take, naming the cell's field. */
function checkChange(change: CellValue, i: number, roomTypes: Map<number, StoredRoomType>, today: string, window: { first: string; last: string }): void {
  checkCell(change, `changes.${i}`, roomTypes, today, window);
  if (!isRate(change.rate)) {
    throw new CallError('invalid_argument', `changes.${i}.rate: must be at least ${MIN_RATE} and at most ${MAX_RATE}`, `changes.${i}.rate`);
  }
}

/**
 * The cells a submit carries along because it changes the base room type's rate: on each such
 * night, every other room type's cell not set by hand (nor in the submit) follows at its
 * differential. A follower that would be no rate refuses the submit, naming the base change.
 */
function followersOf(changes: Map<string, { change: CellValue; index: number }>, roomTypes: StoredRoomType[], store: RateStore): SavedCell[] {
  const base = baseRoomTypeOf(roomTypes);
  const baseChanges = [...changes.values()].filter(({ change }) => change.roomTypeId === base?.id);
  if (!base || baseChanges.length === 0) return [];
  // Nights where every room type was typed too (a whole column) carry nobody along: the stored
  // cells are read only for the nights that may.
  const carrying = baseChanges.filter(({ change }) => roomTypes.some((roomType) => roomType !== base && !changes.has(`${roomType.id}:${change.date}`)));
  if (carrying.length === 0) return [];
  const dates = carrying.map(({ change }) => change.date).sort();
  const setByHand = new Set(
    store
      .overridesBetween(dates[0]!, dates[dates.length - 1]!)
      .filter((row) => row.rate_by_hand === 1)
      .map((row) => `${row.room_type_id}:${row.date}`),
  );
  const followers: SavedCell[] = [];
  for (const { change, index } of carrying) {
    for (const roomType of roomTypes) {
      const key = `${roomType.id}:${change.date}`;
      if (roomType === base || changes.has(key) || setByHand.has(key)) continue;
      const rate = finalRate(change.rate, roomType.differential);
      if (!isRate(rate)) {
        throw new CallError(
          'invalid_argument',
          `changes.${index}.rate: ${roomType.name} follows ${base.name} and would be ${rate.toFixed(2)}, which is not a rate (at least ${MIN_RATE}, at most ${MAX_RATE})`,
          `changes.${index}.rate`,
        );
      }
      followers.push({ roomTypeId: roomType.id, date: change.date, rate, byHand: false });
    }
  }
  return followers;
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
            : { roomTypeId: roomType.id, date, rate: defaultRate(baseByDate[d]!, roomType), state: 'default', error: null, jobId: null, byHand: false, closed: false },
        );
      });
    }
    return { roomTypes: roomTypes.map(({ rateId: _rateId, ...info }) => info), dates, cells };
  }

  function submit({ changes }: ValidCallArgs<'rates/submit'>): CallResult<'rates/submit'> {
    const roomTypeList = store.roomTypes();
    const roomTypes = new Map(roomTypeList.map((roomType) => [roomType.id, roomType]));
    const today = deps.calendar.today();
    const window = acceptedDates(deps.calendar);
    changes.forEach((change, i) => checkChange(change, i, roomTypes, today, window));
    // The same cell twice in one submit: the later value wins, as it would across submits.
    const latest = new Map<string, { change: CellValue; index: number }>();
    changes.forEach((change, index) => latest.set(`${change.roomTypeId}:${change.date}`, { change, index }));
    const now = clock.now();
    // One durable transaction: the cells and the jobs that push them exist together or not at
    // all, and what was sent stops being a draft in the same commit.
    const { jobIds, cells } = db.transaction(() => {
      const typed = [...latest.values()].map(({ change }) => ({ ...change, byHand: true }));
      const followers = followersOf(latest, roomTypeList, store);
      drafts.forget(changes);
      return enqueuePushes({ store, queue }, [...typed, ...followers], now);
    })();
    deps.cellsChanged(cells);
    return { jobIds, cells };
  }

  /** The rate each cell has now (its stored row, else base + differential), by `roomTypeId:date`; null where none. */
  function ratesNow(cells: readonly { roomTypeId: number; date: string }[], roomTypes: Map<number, StoredRoomType>): Map<string, number | null> {
    const dates = cells.map((cell) => cell.date).sort();
    const span = datesBetween(dates[0]!, dates[dates.length - 1]!);
    const baseOn = new Map(baseRatesOf(store, span).map((base, d) => [span[d]!, base]));
    const stored = new Map(store.cellsAt(cells).map((row) => [`${row.room_type_id}:${row.date}`, row.rate]));
    return new Map(
      cells.map((cell) => {
        const key = `${cell.roomTypeId}:${cell.date}`;
        return [key, stored.get(key) ?? defaultRate(baseOn.get(cell.date) ?? null, roomTypes.get(cell.roomTypeId)!)];
      }),
    );
  }

  /**
   * Checks a selection's cells and stores each as `prepare` makes it, queuing their push in one
   * transaction. `prepare` reads what it needs once (in the transaction) and returns the maker.
   */
  function queueCells(
    asked: readonly { roomTypeId: number; date: string }[],
    prepare: (roomTypes: Map<number, StoredRoomType>) => (cell: { roomTypeId: number; date: string }, index: number) => SavedCell,
  ): CallResult<'rates/stop-sell'> {
    const roomTypes = new Map(store.roomTypes().map((roomType) => [roomType.id, roomType]));
    const today = deps.calendar.today();
    const window = acceptedDates(deps.calendar);
    asked.forEach((cell, i) => checkCell(cell, `cells.${i}`, roomTypes, today, window));
    const unique = new Map(asked.map((cell, index) => [`${cell.roomTypeId}:${cell.date}`, { cell, index }]));
    const now = clock.now();
    const { jobIds, cells } = db.transaction(() => {
      const toSaved = prepare(roomTypes);
      const saved = [...unique.values()].map(({ cell, index }) => toSaved(cell, index));
      return enqueuePushes({ store, queue }, saved, now);
    })();
    deps.cellsChanged(cells);
    return { jobIds, cells };
  }

  function stopSell({ cells: asked, closed }: ValidCallArgs<'rates/stop-sell'>): CallResult<'rates/stop-sell'> {
    return queueCells(asked, (roomTypes) => {
      // Cloudbeds takes `blocked` with a rate: each cell goes with the rate it has now.
      const now = ratesNow(asked, roomTypes);
      return (cell, index) => {
        const rate = now.get(`${cell.roomTypeId}:${cell.date}`) ?? null;
        if (rate === null) {
          throw new CallError(
            'invalid_argument',
            `cells.${index}.date: ${roomTypes.get(cell.roomTypeId)!.name} has no rate on ${cell.date} in Cloudbeds; set a rate before closing or opening its sales`,
            `cells.${index}.date`,
          );
        }
        return { ...cell, rate, closed };
      };
    });
  }

  function followBase({ cells: asked }: ValidCallArgs<'rates/follow-base'>): CallResult<'rates/follow-base'> {
    return queueCells(asked, (roomTypes) => {
      const base = baseRoomTypeOf([...roomTypes.values()]);
      if (!base) throw new CallError('invalid_argument', 'cells: no room type is the base (the first has a differential), so nothing can follow it', 'cells');
      const baseNow = ratesNow(asked.map((each) => ({ roomTypeId: base.id, date: each.date })), roomTypes);
      return (cell, index) => {
        const roomType = roomTypes.get(cell.roomTypeId)!;
        if (roomType.id === base.id) {
          throw new CallError('invalid_argument', `cells.${index}.roomTypeId: ${base.name} is the base room type; it follows nothing`, `cells.${index}.roomTypeId`);
        }
        const baseRate = baseNow.get(`${base.id}:${cell.date}`) ?? null;
        const rate = baseRate === null ? null : finalRate(baseRate, roomType.differential);
        if (rate === null || !isRate(rate)) {
          const why = rate === null ? `${base.name} has no rate on ${cell.date}` : `${roomType.name} would be ${rate.toFixed(2)}, which is not a rate`;
          throw new CallError('invalid_argument', `cells.${index}.date: ${why}; type a rate for it instead`, `cells.${index}.date`);
        }
        return { ...cell, rate, byHand: false };
      };
    });
  }

  return {
    'rates/grid': grid,
    'rates/submit': submit,
    'rates/stop-sell': stopSell,
    'rates/follow-base': followBase,
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
