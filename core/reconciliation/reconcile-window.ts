import { addDays } from '../../shared/iso-date.js';
import { acceptedDates, type HotelCalendar } from '../hotel-calendar.js';

/** Stays shortened after the fact (an early departure entered later) are still seen moved, not gone. */
export const PAST_MARGIN_DAYS = 7;
/** A creation scan never goes further back than this, however long the app was closed. */
const MAX_CREATION_DAYS = 366;
const DAY_MS = 86_400_000;

/**
 * What a run reads from Stays, which has no "updated since" filter:
 * - every stay touching [today − 7 days, today + 3 years] (`dateType=included`, cancelled ones
 *   too): the stays the app handles, re-read in full each run and compared with the mirror;
 * - every stay created since the day before the last successful run began (the first run: the
 *   last 24 h, i.e. since yesterday) (`dateType=creation`), to catch new ones outside that range;
 * - orphans: a mirrored stay still ahead or in house (departure ≥ yesterday, arrival ≤ the end)
 *   that neither scan returned, and that Stays no longer knows when asked for by its id.
 * Older mirrored stays are history and are left alone; the week before gives a margin so a stay
 * moved into the past is read as moved.
 */
export interface ScanWindow {
  from: string;
  to: string;
  createdFrom: string;
  createdTo: string;
  /** Mirrored stays departing on or after this (and arriving by `to`) must be in Stays' answer. */
  orphanFrom: string;
}

export function scanWindow(calendar: Pick<HotelCalendar, 'today'>, now: number, lastSuccessAt: number | null): ScanWindow {
  const today = calendar.today();
  const daysBack = lastSuccessAt === null ? 1 : Math.min(MAX_CREATION_DAYS, Math.max(0, Math.ceil((now - lastSuccessAt) / DAY_MS)) + 1);
  return {
    from: addDays(today, -PAST_MARGIN_DAYS),
    to: acceptedDates(calendar).last,
    createdFrom: addDays(today, -daysBack),
    // Stays may date a creation in its own zone, a day ahead of the hotel's.
    createdTo: addDays(today, 1),
    orphanFrom: addDays(today, -1),
  };
}
