import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { RateCell } from '../../../../shared/rates-contract.js';
import { singleCell } from './grid-selection.js';
import { cellKey } from './pending-edits.js';
import { copyBlock, RateGrid } from './RateGrid.js';

const dates = ['2026-12-01', '2026-12-02', '2026-12-03'];
const cell = (date: string, rate: number | null, roomTypeId = 501_001, more: Partial<RateCell> = {}): RateCell => ({
  roomTypeId,
  date,
  rate,
  state: 'default',
  error: null,
  jobId: null,
  byHand: false,
  closed: false,
  ...more,
});
const noop = () => undefined;
const handlers = { onSelect: noop, onEdit: noop, onUndo: noop, onRedo: noop, onSubmit: noop };

describe('the rate grid', () => {
  it('shows a night without a base rate (rate null) as a blank cell between priced ones', () => {
    const cells = new Map([cell(dates[0]!, 120), cell(dates[1]!, null), cell(dates[2]!, 130.5)].map((c) => [cellKey(c.roomTypeId, c.date), c]));
    const html = renderToStaticMarkup(
      createElement(RateGrid, {
        roomTypes: [{ id: 501_001, name: 'Standard Double', shortName: 'STD', differential: { kind: 'amount', value: 0 } }],
        dates,
        cells,
        pending: new Map(),
        following: new Map(),
        problems: new Map(),
        weekendNights: new Set([4, 5]),
        selection: singleCell({ row: 0, col: 0 }),
        ...handlers,
      }),
    );
    const shown = [...html.matchAll(/<div role="gridcell"[^>]*data-col="(\d+)"[^>]*>([^<]*)<\/div>/g)].map((match) => [Number(match[1]), match[2]]);
    expect(shown).toEqual([
      [0, '120'],
      [1, ''],
      [2, '130.50'],
    ]);
  });

  it('marks a derived row’s cell set by hand, a cell following a pending base rate, and a night closed to sale', () => {
    const cells = new Map(
      [cell(dates[0]!, 120), cell(dates[0]!, 90, 2, { byHand: true, state: 'synced' }), cell(dates[1]!, 95, 2, { closed: true, state: 'synced' }), cell(dates[2]!, 99, 1, { byHand: true })].map(
        (c) => [cellKey(c.roomTypeId, c.date), c],
      ),
    );
    const html = renderToStaticMarkup(
      createElement(RateGrid, {
        roomTypes: [
          { id: 1, name: 'Standard Double', shortName: 'STD', differential: { kind: 'amount', value: 0 } },
          { id: 2, name: 'Single Room', shortName: 'SGL', differential: { kind: 'percent', value: -25 } },
        ],
        dates,
        cells,
        pending: new Map([[cellKey(1, dates[2]!), 200]]),
        following: new Map([[cellKey(2, dates[2]!), 150]]),
        problems: new Map(),
        weekendNights: new Set([2]),
        selection: singleCell({ row: 0, col: 0 }),
        ...handlers,
      }),
    );
    const classOf = (roomTypeId: number, date: string) => new RegExp(`class="([^"]*)"[^>]*data-cell="${cellKey(roomTypeId, date).replace('|', '\\|')}"`).exec(html)?.[1];
    expect(classOf(2, dates[0]!)).toMatch(/\bby-hand\b/);
    // The base row's own hand-set cells are not "set by hand" against anything.
    expect(classOf(1, dates[2]!)).not.toMatch(/by-hand/);
    expect(classOf(2, dates[1]!)).toMatch(/\bclosed\b/);
    expect(classOf(2, dates[2]!)).toMatch(/state-pending follows/);
    expect(html).toMatch(/95<span class="sr-only">, sales closed<\/span>/);
    expect(html).toContain('<small>−25%</small>');
    // Wednesday 2 December is this hotel's weekend: its header and cells are shaded, the others not.
    expect([...html.matchAll(/class="rate-grid-date( weekend)?"/g)].map((match) => match[1] !== undefined)).toEqual([false, true, false]);
    expect(classOf(1, dates[1]!)).toMatch(/\bweekend\b/);
    expect(classOf(1, dates[0]!)).not.toMatch(/weekend/);
  });
});

describe('copying a block', () => {
  it('gives rows by newline and cells by tab, with two decimals, blank where a cell has no rate', () => {
    const rates: Record<string, number | undefined> = { '0,0': 100, '0,1': 112.5, '1,0': undefined, '1,1': 90 };
    expect(copyBlock({ top: 0, bottom: 1, left: 0, right: 1 }, ({ row, col }) => rates[`${row},${col}`])).toBe('100.00\t112.50\n\t90.00');
  });
});
