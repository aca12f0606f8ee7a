import { describe, expect, it } from 'vitest';
import { afterCommit, extendTo, moveSelection, rangeOf, rangeSize, singleCell } from './grid-selection.js';

const size = { rows: 5, cols: 365 };

describe('grid selection', () => {
  it('moves the active cell with the arrows and stops at the edges', () => {
    let selection = singleCell({ row: 0, col: 0 });
    selection = moveSelection(selection, 'ArrowDown', false, size);
    selection = moveSelection(selection, 'ArrowRight', false, size);
    expect(selection).toEqual(singleCell({ row: 1, col: 1 }));
    selection = moveSelection(singleCell({ row: 0, col: 0 }), 'ArrowUp', false, size);
    expect(selection).toEqual(singleCell({ row: 0, col: 0 }));
    expect(moveSelection(singleCell({ row: 4, col: 364 }), 'ArrowRight', false, size).focus).toEqual({ row: 4, col: 364 });
  });

  it('extends a range from the anchor with shift and reports its bounds', () => {
    let selection = singleCell({ row: 2, col: 10 });
    selection = moveSelection(selection, 'ArrowUp', true, size);
    selection = moveSelection(selection, 'ArrowLeft', true, size);
    selection = moveSelection(selection, 'ArrowLeft', true, size);
    expect(selection.anchor).toEqual({ row: 2, col: 10 });
    expect(rangeOf(selection)).toEqual({ top: 1, bottom: 2, left: 8, right: 10 });
    expect(rangeSize(rangeOf(selection))).toBe(6);
  });

  it('pages through dates a week at a time and jumps to either end', () => {
    const start = singleCell({ row: 1, col: 3 });
    expect(moveSelection(start, 'PageDown', false, size).focus.col).toBe(10);
    expect(moveSelection(start, 'PageUp', false, size).focus.col).toBe(0);
    expect(moveSelection(start, 'End', false, size).focus.col).toBe(364);
    expect(moveSelection(start, 'Home', false, size).focus.col).toBe(0);
  });

  it('moves down after Enter and right after Tab, backwards with shift', () => {
    const at = singleCell({ row: 2, col: 5 });
    expect(afterCommit(at, 'Enter', false, size).focus).toEqual({ row: 3, col: 5 });
    expect(afterCommit(at, 'Enter', true, size).focus).toEqual({ row: 1, col: 5 });
    expect(afterCommit(at, 'Tab', false, size).focus).toEqual({ row: 2, col: 6 });
    expect(afterCommit(at, 'Tab', true, size).focus).toEqual({ row: 2, col: 4 });
  });

  it('extends to a shift-clicked cell keeping the anchor', () => {
    expect(rangeOf(extendTo(singleCell({ row: 3, col: 9 }), { row: 0, col: 2 }))).toEqual({ top: 0, bottom: 3, left: 2, right: 9 });
  });
});
