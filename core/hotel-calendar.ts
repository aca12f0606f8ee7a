import { CallError } from './api/call-error.js';
import type { Clock } from './clock.js';
import { dateAt, instantAt } from '../shared/hotel-time.js';

export { wallClockAt } from '../shared/hotel-time.js';

/** The earliest date any call takes: older history is nobody's business here. */
export const FIRST_ACCEPTED_DATE = '2000-01-01';
/** How far ahead any call takes a date: rates and bookings are not sold further out. */
export const YEARS_AHEAD = 3;

/** Where the hotel is: every date rule (today, check-in times) is read on its clock. */
export interface HotelCalendar {
  /** IANA time zone, e.g. "Europe/Lisbon". */
  readonly timeZone: string;
  /** The hotel's date now, YYYY-MM-DD. */
  today(): string;
  /** The instant (ms since the epoch) of a wall-clock time on a date at the hotel. */
  instantAt(date: string, time: string): number;
}

/** Refuses a zone the platform does not know, naming it. */
export function checkTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new RangeError(`"${timeZone}" is not a time zone (use an IANA name such as Europe/Lisbon)`);
  }
  return timeZone;
}

/**
 * The hotel's calendar on a clock. Times are resolved on the hotel's wall clock, daylight saving
 * included: a time that does not exist (skipped by a spring-forward) moves forward by the gap,
 * and one that exists twice (autumn) is its first occurrence.
 */
export function hotelCalendar(clock: Clock, timeZone: string | (() => string) = 'UTC'): HotelCalendar {
  // A getter: Settings may move the hotel to another zone while the app runs.
  const zone = typeof timeZone === 'string' ? () => timeZone : timeZone;
  checkTimeZone(zone());
  return {
    get timeZone() {
      return zone();
    },
    today: () => dateAt(clock.now(), zone()),
    instantAt: (date, time) => instantAt(date, time, zone()),
  };
}

/** The dates the API accepts: from 2000-01-01 to three years after the hotel's today. */
export function acceptedDates(calendar: Pick<HotelCalendar, 'today'>): { first: string; last: string } {
  const today = calendar.today();
  const year = Number(today.slice(0, 4)) + YEARS_AHEAD;
  const last = today.slice(5) === '02-29' ? `${year}-02-28` : `${year}${today.slice(4)}`;
  return { first: FIRST_ACCEPTED_DATE, last };
}

/**
 * Refuses a date outside the accepted window, naming the field. Every date a call takes passes
 * here before any loop over dates runs, so no request can ask for unbounded work.
 */
export function checkAcceptedDate(date: string, field: string, window: { first: string; last: string }): void {
  if (date < window.first || date > window.last) {
    throw new CallError('invalid_argument', `${field}: ${date} is outside the dates this app handles (${window.first} to ${window.last})`, field);
  }
}
