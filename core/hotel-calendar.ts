import { CallError } from './api/call-error.js';
import type { Clock } from './clock.js';

/** The earliest date any call takes: older history is nobody's business here. */
export const FIRST_ACCEPTED_DATE = '2000-01-01';
/** How far ahead any call takes a date: rates and bookings are not sold further out. */
export const YEARS_AHEAD = 3;

/**
 * The hotel's day, for refusing past dates. No property time zone is kept yet, so it is the
 * clock's UTC day (a limit to lift with Settings: west of Greenwich, tonight's date is refused
 * from the local evening on, once UTC has moved to the next day).
 */
export const hotelToday = (clock: Clock): string => new Date(clock.now()).toISOString().slice(0, 10);

/** The dates the API accepts: from 2000-01-01 to three years after today. */
export function acceptedDates(clock: Clock): { first: string; last: string } {
  const today = new Date(clock.now());
  const last = new Date(Date.UTC(today.getUTCFullYear() + YEARS_AHEAD, today.getUTCMonth(), today.getUTCDate()));
  return { first: FIRST_ACCEPTED_DATE, last: last.toISOString().slice(0, 10) };
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
