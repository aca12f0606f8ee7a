import { dayParts as parts } from './hotel-time.js';

/** How ISO dates read to a person: "5 Dec", "5–7 Dec", "30 Nov–2 Dec", "30 Dec 2026–2 Jan 2027". */

/** One night or a stretch of nights (both included), as short as stays unambiguous. */
export function formatDayRange(from: string, to: string = from): string {
  const a = parts(from);
  const b = parts(to);
  if (from === to) return `${a.day} ${a.month}`;
  if (a.year !== b.year) return `${a.day} ${a.month} ${a.year}–${b.day} ${b.month} ${b.year}`;
  if (a.month !== b.month) return `${a.day} ${a.month}–${b.day} ${b.month}`;
  return `${a.day}–${b.day} ${a.month}`;
}
