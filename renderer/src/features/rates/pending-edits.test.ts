import { describe, expect, it } from 'vitest';
import {
  applyEdits,
  bulkKeys,
  changeCells,
  discardAll,
  redoLast,
  cellKey,
  fillRange,
  NO_EDITS,
  parseClipboardBlock,
  pasteEdits,
  undoLast,
  weekdayOf,
} from './pending-edits.js';

// 2027-03-01 is a Monday.
const dates = Array.from({ length: 14 }, (_, i) => `2027-03-${String(i + 1).padStart(2, '0')}`);
const axes = { roomTypeIds: [11, 12, 13], dates };

describe('pending edits', () => {
  it('undoes one action at a time, restoring earlier pending values', () => {
    let state = applyEdits(NO_EDITS, [{ key: cellKey(11, dates[0]!), rate: 100 }]);
    state = applyEdits(state, fillRange({ top: 0, bottom: 1, left: 0, right: 1 }, axes, 150));
    expect(state.pending.size).toBe(4);
    expect(state.pending.get(cellKey(11, dates[0]!))).toBe(150);
    state = undoLast(state);
    expect([...state.pending]).toEqual([[cellKey(11, dates[0]!), 100]]);
    state = undoLast(state);
    expect(state.pending.size).toBe(0);
    expect(undoLast(state)).toBe(state);
  });

  it('fills every cell of a range', () => {
    const edits = fillRange({ top: 1, bottom: 2, left: 3, right: 5 }, axes, 99);
    expect(edits).toHaveLength(6);
    expect(edits[0]).toEqual({ key: cellKey(12, dates[3]!), rate: 99 });
    expect(edits.at(-1)).toEqual({ key: cellKey(13, dates[5]!), rate: 99 });
  });

  it('bulk edits the chosen room types on the chosen weekdays within the dates', () => {
    expect(weekdayOf('2027-03-01')).toBe(0);
    expect(weekdayOf('2027-03-07')).toBe(6);
    // Fridays and Saturdays, 2 March to 13 March: the 5th, 6th, 12th and 13th.
    const keys = bulkKeys({ roomTypeIds: [11, 13], from: '2027-03-02', to: '2027-03-13', weekdays: new Set([4, 5]) }, axes);
    expect(keys).toEqual([11, 13].flatMap((id) => ['2027-03-05', '2027-03-06', '2027-03-12', '2027-03-13'].map((date) => cellKey(id, date))));
  });

  it('changes each cell by its own rate, refuses results that are no rate, and leaves cells without one alone', () => {
    const rates = new Map([
      [cellKey(11, dates[0]!), 100],
      [cellKey(11, dates[1]!), 0.01],
    ]);
    const keys = [cellKey(11, dates[0]!), cellKey(11, dates[1]!), cellKey(11, dates[2]!)];
    expect(changeCells(keys, (key) => rates.get(key), { kind: 'percent', by: -99 }, 'cent')).toEqual({
      edits: [{ key: cellKey(11, dates[0]!), rate: 1 }],
      invalid: [{ key: cellKey(11, dates[1]!), reason: '0 is not a rate: must be at least 0.01' }],
      skipped: 1,
    });
  });

  it('parses a spreadsheet block, ignoring the trailing newline and Windows line ends', () => {
    expect(parseClipboardBlock('1\t2\r\n3\t4\r\n')).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('pastes at the selection, clipping at the edge, skipping blanks and reporting bad values', () => {
    const { edits, invalid } = pasteEdits('100\t\t120\n130\tabc\t0\n1\t2\t3', { row: 1, col: 12 }, axes);
    expect(edits).toEqual([
      { key: cellKey(12, dates[12]!), rate: 100 },
      { key: cellKey(13, dates[12]!), rate: 130 },
    ]);
    expect(invalid).toEqual([{ key: cellKey(13, dates[13]!), reason: '"abc" is not a number' }]);
  });
});

describe('undo and redo', () => {
  it('brings back a refused entry’s marker with undo, and the entry again with redo', () => {
    const key = cellKey(11, dates[0]!);
    let state = applyEdits(NO_EDITS, [{ key, rate: 100 }]);
    state = applyEdits(state, [], [{ key, reason: '"abc" is not a number' }]);
    expect(state.problems.get(key)).toBe('"abc" is not a number');
    expect(state.pending.get(key)).toBe(100);
    state = applyEdits(state, [{ key, rate: 120 }]);
    expect(state.problems.has(key)).toBe(false);
    state = undoLast(state);
    expect([state.pending.get(key), state.problems.get(key)]).toEqual([100, '"abc" is not a number']);
    state = undoLast(state);
    expect([state.pending.get(key), state.problems.get(key)]).toEqual([100, undefined]);
    state = redoLast(redoLast(state));
    expect([state.pending.get(key), state.problems.get(key)]).toEqual([120, undefined]);
    expect(redoLast(state)).toBe(state);
  });

  it('forgets what could be redone once a new edit is made', () => {
    const key = cellKey(11, dates[0]!);
    let state = undoLast(applyEdits(NO_EDITS, [{ key, rate: 100 }]));
    expect(state.redo).toHaveLength(1);
    state = applyEdits(state, [{ key, rate: 90 }]);
    expect(state.redo).toHaveLength(0);
  });

  it('discards everything as one step that undo brings back', () => {
    let state = applyEdits(NO_EDITS, fillRange({ top: 0, bottom: 1, left: 0, right: 1 }, axes, 150), [{ key: cellKey(13, dates[5]!), reason: 'bad' }]);
    state = discardAll(state);
    expect([state.pending.size, state.problems.size]).toEqual([0, 0]);
    state = undoLast(state);
    expect([state.pending.size, state.problems.size]).toEqual([4, 1]);
  });
});
