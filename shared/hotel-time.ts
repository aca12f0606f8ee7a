/**
 * The hotel's clock and the app's one way of writing dates and times: every date and time a
 * person reads is on the hotel's wall clock (never the machine's, never UTC), written the same
 * way on every screen: "Sat 5 Dec 2026", "Sat 5 Dec 2026, 14:05", "14:05". Plain Intl, so the
 * core and the renderer share it.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

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

/** The zone's date at an instant, YYYY-MM-DD. */
export function dateAt(ms: number, timeZone: string): string {
  return wallClock(ms, timeZone).date;
}

/**
 * The zone's wall-clock time at an instant, `YYYY-MM-DDTHH:MM:SS` (the form MaidCentral writes
 * scheduled times in, so the two compare as strings).
 */
export function wallClockAt(ms: number, timeZone: string): string {
  const { date, time } = wallClock(ms, timeZone);
  return `${date}T${time}`;
}

/**
 * The instant (ms since the epoch) of a wall-clock time on a date in the zone, daylight saving
 * included: a time that does not exist (skipped by a spring-forward) moves forward by the gap,
 * and one that exists twice (autumn) is its first occurrence.
 */
export function instantAt(date: string, time: string, timeZone: string): number {
  const local = Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}Z`);
  if (Number.isNaN(local)) throw new RangeError(`${date} ${time} is not a date and time`);
  // Two passes settle the offset on either side of a daylight-saving change.
  let guess = local - wallClock(local, timeZone).offsetMs;
  guess = local - wallClock(guess, timeZone).offsetMs;
  const earlier = local - wallClock(guess - 3_600_000, timeZone).offsetMs;
  const atEarlier = wallClock(earlier, timeZone);
  return atEarlier.date === date && atEarlier.time.slice(0, 5) === time.slice(0, 5) ? Math.min(earlier, guess) : guess;
}

/** A calendar date's parts in words (on the calendar, in no time zone): Sat, 5, Dec, 2026. */
export function dayParts(date: string): { weekday: string; day: number; month: string; year: string } {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return {
    weekday: Number.isNaN(ms) ? '?' : WEEKDAYS[new Date(ms).getUTCDay()]!,
    day: Number(date.slice(8, 10)),
    month: MONTHS[Number(date.slice(5, 7)) - 1] ?? '?',
    year: date.slice(0, 4),
  };
}

/** A calendar date as people read it: "Sat 5 Dec 2026". */
export function formatDay(date: string): string {
  if (Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return date;
  const { weekday, day, month, year } = dayParts(date);
  return `${weekday} ${day} ${month} ${year}`;
}

/** The hotel's time of an instant: "14:05". */
export function formatClock(instant: string | number, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) return String(instant);
  return wallClock(ms, timeZone).time.slice(0, 5);
}

/** An instant on the hotel's clock: "Sat 5 Dec 2026, 14:05". */
export function formatInstant(instant: string | number, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) return String(instant);
  const { date, time } = wallClock(ms, timeZone);
  return `${formatDay(date)}, ${time.slice(0, 5)}`;
}
