import { describe, expect, it } from 'vitest';
import type { RateCell } from '../../../../shared/rates-contract.js';
import { cellKey } from './pending-edits.js';
import { bigChanges } from './RatesScreen.js';

const cell = (date: string, rate: number | null): RateCell => ({ roomTypeId: 7, date, rate, state: 'default', error: null, jobId: null });
const grid = {
  roomTypes: [{ id: 7, name: 'Single Room', shortName: 'SGL', differential: { kind: 'amount' as const, value: 0 } }],
  dates: ['2030-01-01', '2030-01-02', '2030-01-03', '2030-01-04'],
  cells: new Map([cell('2030-01-01', 113), cell('2030-01-02', 100), cell('2030-01-03', null), cell('2030-01-04', 100)].map((each) => [cellKey(7, each.date), each])),
};

describe('rates far from the current ones', () => {
  it('are those more than half above or below the cell’s rate: a typo like 1130 for 113', () => {
    const pending = new Map([
      [cellKey(7, '2030-01-01'), 1130],
      [cellKey(7, '2030-01-02'), 150],
      [cellKey(7, '2030-01-03'), 999],
      [cellKey(7, '2030-01-04'), 49],
    ]);
    expect(bigChanges(pending, grid)).toEqual([
      { label: 'Single Room Tue 1 Jan:', from: 113, to: 1130 },
      { label: 'Single Room Fri 4 Jan:', from: 100, to: 49 },
    ]);
  });
});
