import { addDays } from '../../../shared/iso-date.js';
import type { RoomType } from './host-api.js';

/** A cell and the rate a test submits for it. */
export interface PlannedCell {
  roomTypeId: number;
  date: string;
  rate: number;
}

export const cellKey = (cell: { roomTypeId: number; date: string }) => `${cell.roomTypeId}:${cell.date}`;

/** Today in UTC, the hotel's day for the host (`core/hotel-calendar.ts`). */
export const todayUtc = () => new Date().toISOString().slice(0, 10);

/**
 * The first date the suite edits: two days ahead, so a run that crosses midnight UTC never
 * submits a date that has become the past.
 */
export const firstEditableDate = () => addDays(todayUtc(), 2);

/**
 * `days` consecutive dates from `firstDate` for each room type, at `base` plus the room type's
 * position, half a unit higher every other run of `runDays` nights. With runs of one night,
 * neighbours differ, so each cell is an interval of its own and a push carries 30 cells (the
 * most intervals Cloudbeds takes in one request); longer runs pack more cells into a push.
 */
export function alternatingCells(roomTypes: RoomType[], firstDate: string, days: number, base: number, runDays = 1): PlannedCell[] {
  // The base room type (the first) goes last: by the time a submit carries its cells, every
  // other room type's cells of those nights were typed, so none follows it (followers are
  // `core/rates/rate-follow.test.ts`'s subject; here each planned cell is pushed as planned).
  const ordered = [...roomTypes.slice(1), ...roomTypes.slice(0, 1)];
  return ordered.flatMap((roomType, r) =>
    Array.from({ length: days }, (_, d) => ({ roomTypeId: roomType.id, date: addDays(firstDate, d), rate: base + r + (Math.floor(d / runDays) % 2) * 0.5 })),
  );
}

/** The plan as the last value of each cell: a later cell in the list wins, as a later submit does. */
export function expectedRates(cells: PlannedCell[]): Map<string, number> {
  return new Map(cells.map((cell) => [cellKey(cell), cell.rate]));
}

/** Splits a list into `parts` slices of nearly equal length, in order. */
export function slices<T>(list: T[], parts: number): T[][] {
  const size = Math.ceil(list.length / parts);
  return Array.from({ length: parts }, (_, i) => list.slice(i * size, (i + 1) * size)).filter((part) => part.length > 0);
}
