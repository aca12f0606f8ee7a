import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RateCell } from '../../../../shared/rates-contract.js';
import { singleCell } from './grid-selection.js';
import { cellKey } from './pending-edits.js';
import { copyBlock, RateGrid } from './RateGrid.js';

const dates = ['2026-12-01', '2026-12-02', '2026-12-03'];
const cell = (date: string, rate: number | null): RateCell => ({ roomTypeId: 501_001, date, rate, state: 'default', error: null, jobId: null });

describe('the rate grid', () => {
  it('shows a night without a base rate (rate null) as a blank cell between priced ones', () => {
    const cells = new Map([cell(dates[0]!, 120), cell(dates[1]!, null), cell(dates[2]!, 130.5)].map((c) => [cellKey(c.roomTypeId, c.date), c]));
    const html = renderToStaticMarkup(
      createElement(RateGrid, {
        roomTypes: [{ id: 501_001, name: 'Standard Double', shortName: 'STD', differential: { kind: 'amount', value: 0 } }],
        dates,
        cells,
        pending: new Map(),
        problems: new Map(),
        selection: singleCell({ row: 0, col: 0 }),
        onSelect: () => undefined,
        onEdit: () => undefined,
        onUndo: () => undefined,
        onRedo: () => undefined,
        onSubmit: () => undefined,
      }),
    );
    const shown = [...html.matchAll(/<div role="gridcell"[^>]*data-col="(\d+)"[^>]*>([^<]*)<\/div>/g)].map((match) => [Number(match[1]), match[2]]);
    expect(shown).toEqual([
      [0, '120'],
      [1, ''],
      [2, '130.50'],
    ]);
  });
});

describe('copying a block', () => {
  it('gives rows by newline and cells by tab, with two decimals, blank where a cell has no rate', () => {
    const rates: Record<string, number | undefined> = { '0,0': 100, '0,1': 112.5, '1,0': undefined, '1,1': 90 };
    expect(copyBlock({ top: 0, bottom: 1, left: 0, right: 1 }, ({ row, col }) => rates[`${row},${col}`])).toBe('100.00\t112.50\n\t90.00');
  });
});
