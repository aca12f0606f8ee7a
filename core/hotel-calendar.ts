import { CallError } from './api/call-error.js';
import type { Clock } from './clock.js';

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

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** Year, month, day, hour, minute, second of an instant on a zone's wall clock. */
function wallClock(ms: number, timeZone: string): { date: string; time: string; offsetMs: number } {
  let format = partsFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const date = `${part.year}-${part.month}-${part.day}`;
  const time = `${part.hour}:${part.minute}:${part.second}`;
  const asUtc = Date.parse(`${date}T${time}Z`);
  return { date, time, offsetMs: asUtc - (ms - (ms % 1000)) };
}

/**
 * The hotel's wall-clock time at an instant, `YYYY-MM-DDTHH:MM:SS` (the form MaidCentral writes
 * scheduled times in, so the two compare as strings).
 */
export function wallClockAt(ms: number, timeZone: string): string {
  const { date, time } = wallClock(ms, timeZone);
  return `${date}T${time}`;
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
export function hotelCalendar(clock: Clock, timeZone = 'UTC'): HotelCalendar {
  checkTimeZone(timeZone);
  return {
    timeZone,
    today: () => wallClock(clock.now(), timeZone).date,
    instantAt(date, time) {
      const local = Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}Z`);
      if (Number.isNaN(local)) throw new RangeError(`${date} ${time} is not a date and time`);
      // Two passes settle the offset on either side of a daylight-saving change.
      let guess = local - wallClock(local, timeZone).offsetMs;
      guess = local - wallClock(guess, timeZone).offsetMs;
      const earlier = local - wallClock(guess - 3_600_000, timeZone).offsetMs;
      return wallClock(earlier, timeZone).date === date && wallClock(earlier, timeZone).time.slice(0, 5) === time.slice(0, 5) ? Math.min(earlier, guess) : guess;
    },
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
