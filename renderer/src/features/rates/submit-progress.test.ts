import { describe, expect, it } from 'vitest';
import type { RateCell } from '../../../../shared/rates-contract.js';
import { cellKey } from './pending-edits.js';
import { progressCounts, settleCells, trackSubmitted } from './submit-progress.js';

const cell = (roomTypeId: number, date: string, state: RateCell['state']): RateCell => ({ roomTypeId, date, rate: 100, state, error: null, jobId: 1 });

describe('submit progress', () => {
  it('counts submitted cells as Cloudbeds settles them, and goes quiet when all are settled', () => {
    let progress = trackSubmitted(null, [cellKey(1, '2027-01-01'), cellKey(1, '2027-01-02'), cellKey(2, '2027-01-01')]);
    expect(progressCounts(progress)).toEqual({ done: 0, total: 3 });
    progress = settleCells(progress, [cell(1, '2027-01-01', 'synced'), cell(9, '2027-01-01', 'synced')])!;
    expect(progressCounts(progress)).toEqual({ done: 1, total: 3 });
    progress = settleCells(progress, [cell(1, '2027-01-02', 'failed'), cell(2, '2027-01-01', 'synced')])!;
    expect(progressCounts(progress)).toBeNull();
  });

  it('joins a second submit to a running one, and starts afresh after a quiet one', () => {
    let progress = trackSubmitted(null, [cellKey(1, '2027-01-01'), cellKey(1, '2027-01-02')]);
    progress = settleCells(progress, [cell(1, '2027-01-01', 'synced')])!;
    progress = trackSubmitted(progress, [cellKey(3, '2027-01-01')]);
    expect(progressCounts(progress)).toEqual({ done: 1, total: 3 });
    progress = settleCells(progress, [cell(1, '2027-01-02', 'synced'), cell(3, '2027-01-01', 'synced')])!;
    progress = trackSubmitted(progress, [cellKey(4, '2027-01-01')]);
    expect(progressCounts(progress)).toEqual({ done: 0, total: 1 });
  });

  it('unsettles a cell that goes back to saved on retry', () => {
    let progress = trackSubmitted(null, [cellKey(1, '2027-01-01'), cellKey(1, '2027-01-02')]);
    progress = settleCells(progress, [cell(1, '2027-01-01', 'failed')])!;
    progress = settleCells(progress, [cell(1, '2027-01-01', 'saved')])!;
    expect(progressCounts(progress)).toEqual({ done: 0, total: 2 });
  });
});
