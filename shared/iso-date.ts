/** Calendar arithmetic on ISO dates (`YYYY-MM-DD`), in UTC so no time zone is in play. */

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// ISO dates here have four-digit years: stepping outside them would give "+010000-01-01",
// which sorts before "9999-12-31" and would keep a `date <= to` loop going for ever.
const FIRST_DAY_MS = Date.parse('0000-01-01T00:00:00Z');
const LAST_DAY_MS = Date.parse('9999-12-31T00:00:00Z');
/** The most dates one `datesBetween` lists (about 270 years): a bound, not a business rule. */
export const MAX_LISTED_DATES = 100_000;

/** A real calendar date as `YYYY-MM-DD` (not 2026-02-30, not 2026-13-01). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const at = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === value;
}

function dayMs(date: string): number {
  const ms = ISO_DATE.test(date) ? Date.parse(`${date}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`"${date}" is not a date as YYYY-MM-DD`);
  return ms;
}

/** The ISO date `days` after `date`; a RangeError outside the years 0000–9999. */
export function addDays(date: string, days: number): string {
  const ms = dayMs(date) + days * DAY_MS;
  if (!(ms >= FIRST_DAY_MS && ms <= LAST_DAY_MS)) throw new RangeError(`${days} days from ${date} is outside the years 0000–9999`);
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / DAY_MS);
}

/** Every ISO date from `from` to `to`, both included; a RangeError past `limit` dates. */
export function datesBetween(from: string, to: string, limit = MAX_LISTED_DATES): string[] {
  const days = daysBetween(from, to) + 1;
  if (days <= 0) return [];
  if (days > limit) throw new RangeError(`${from} to ${to} is more than ${limit} days`);
  const first = dayMs(from);
  return Array.from({ length: days }, (_, i) => new Date(first + i * DAY_MS).toISOString().slice(0, 10));
}
