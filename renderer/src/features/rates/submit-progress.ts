import type { RateCell } from '../../../../shared/rates-contract.js';
import { cellKey } from './pending-edits.js';

/**
 * What the header's "Syncing n of m" counts: the cells submitted (or retried) since sync was
 * last quiet, and how many of them Cloudbeds has settled (synced or failed) so far.
 */
export interface SubmitProgress {
  submitted: ReadonlySet<string>;
  settled: ReadonlySet<string>;
}

const isSettled = (cell: RateCell) => cell.state === 'synced' || cell.state === 'failed';

/**
 * Adds cells to the count. A new submit while the last is still syncing joins it, so the header
 * says "Syncing 40 of 90" rather than forgetting the first batch; a cell sent again counts again.
 */
export function trackSubmitted(progress: SubmitProgress | null, keys: Iterable<string>): SubmitProgress {
  const running = progress && progress.settled.size < progress.submitted.size ? progress : null;
  const submitted = new Set(running?.submitted ?? []);
  const settled = new Set(running?.settled ?? []);
  for (const key of keys) {
    submitted.add(key);
    settled.delete(key);
  }
  return { submitted, settled };
}

/** Counts cells an event reports synced or failed; a cell back to saved (a retry) is unsettled again. */
export function settleCells(progress: SubmitProgress | null, cells: readonly RateCell[]): SubmitProgress | null {
  if (!progress) return null;
  let settled: Set<string> | null = null;
  for (const cell of cells) {
    const key = cellKey(cell.roomTypeId, cell.date);
    if (!progress.submitted.has(key)) continue;
    settled ??= new Set(progress.settled);
    if (isSettled(cell)) settled.add(key);
    else settled.delete(key);
  }
  return settled ? { submitted: progress.submitted, settled } : progress;
}

/** n of m while syncing; null once every submitted cell is settled (the header goes back to its summary). */
export function progressCounts(progress: SubmitProgress | null): { done: number; total: number } | null {
  if (!progress || progress.settled.size >= progress.submitted.size) return null;
  return { done: progress.settled.size, total: progress.submitted.size };
}
