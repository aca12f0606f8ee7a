import { dateAt } from '../../../../shared/hotel-time.js';
import { addDays } from '../../../../shared/iso-date.js';

/** Sizes of the grid's parts in CSS pixels; the stylesheet's `.rate-grid` rules follow them. */
export const GRID = { rowHeaderWidth: 180, colWidth: 74, rowHeight: 36, headerHeight: 46 } as const;

/** Extra rows and columns rendered past each edge, so fast scrolling never shows blanks. */
const OVERSCAN = 6;

export interface Span {
  start: number;
  /** Exclusive. */
  end: number;
}

/**
 * Which items of a fixed-size list are on screen: the windowing that keeps 20 × 365 cells smooth,
 * because only the ~20 × 25 visible ones are in the DOM.
 */
export function visibleSpan(scrollOffset: number, viewportSize: number, itemSize: number, count: number, overscan = OVERSCAN): Span {
  if (count === 0 || itemSize <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollOffset) / itemSize);
  const last = Math.ceil((Math.max(0, scrollOffset) + Math.max(0, viewportSize)) / itemSize);
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + overscan) };
}

/**
 * The scroll offset that brings an item fully into view past a sticky edge (the date header or
 * the room type column), or the current offset when it already is.
 */
export function scrollToReveal(current: number, viewportSize: number, stickySize: number, itemStart: number, itemSize: number): number {
  const visibleStart = current + stickySize;
  const visibleEnd = current + viewportSize;
  if (itemStart < visibleStart) return Math.max(0, itemStart - stickySize);
  if (itemStart + itemSize > visibleEnd) return itemStart + itemSize - viewportSize;
  return current;
}

/** The grid shows today and the 364 days after it (the contract allows a year and a day). */
const WINDOW_DAYS = 365;

/** From the hotel's today (not the machine's: the hotel may be a day ahead or behind). */
export function gridWindow(timeZone: string, now = Date.now()): { from: string; to: string } {
  const today = dateAt(now, timeZone);
  return { from: today, to: addDays(today, WINDOW_DAYS - 1) };
}
