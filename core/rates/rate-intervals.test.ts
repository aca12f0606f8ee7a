import { describe, expect, it } from 'vitest';
import { summarizePush } from './rate-jobs.js';
import { addDays, datesBetween } from '../../shared/iso-date.js';
import { collapseIntervals, packRequests, type CellValue } from './rate-intervals.js';

const start = '2031-03-01';
const nights = (roomTypeId: number, count: number, rateOf: (n: number) => number): CellValue[] =>
  Array.from({ length: count }, (_, n) => ({ roomTypeId, date: addDays(start, n), rate: rateOf(n) }));

describe('rate intervals', () => {
  it('collapses consecutive dates of one room type with equal rates into one interval', () => {
    const cells = [...nights(1, 5, () => 100), ...nights(1, 3, () => 100).map((cell) => ({ ...cell, date: addDays(cell.date, 7) }))];
    expect(collapseIntervals(cells)).toEqual([
      { roomTypeId: 1, startDate: '2031-03-01', endDate: '2031-03-05', rate: 100 },
      { roomTypeId: 1, startDate: '2031-03-08', endDate: '2031-03-10', rate: 100 },
    ]);
  });

  it('starts a new interval where the rate changes, and keeps room types apart, whatever the input order', () => {
    const cells = [...nights(2, 4, (n) => (n < 2 ? 90 : 95)), ...nights(1, 2, () => 90)].reverse();
    expect(collapseIntervals(cells)).toEqual([
      { roomTypeId: 1, startDate: '2031-03-01', endDate: '2031-03-02', rate: 90 },
      { roomTypeId: 2, startDate: '2031-03-01', endDate: '2031-03-02', rate: 90 },
      { roomTypeId: 2, startDate: '2031-03-03', endDate: '2031-03-04', rate: 95 },
    ]);
  });

  it('packs N intervals into ⌈N/30⌉ requests, mixing room types to fill each one', () => {
    for (const [types, perType] of [[1, 30], [1, 31], [3, 20], [20, 365]] as const) {
      const cells = Array.from({ length: types }, (_, t) => nights(t + 1, perType, (n) => 100 + (n % 2))).flat();
      const intervals = collapseIntervals(cells);
      expect(intervals).toHaveLength(types * perType);
      const requests = packRequests(intervals, (id) => ({ rateId: 900 + id, name: `Room type ${id}` }));
      expect(requests).toHaveLength(Math.ceil((types * perType) / 30));
      for (const request of requests) expect(request.reduce((sum, entry) => sum + entry.intervals.length, 0)).toBeLessThanOrEqual(30);
      expect(requests.flat().flatMap((entry) => entry.intervals)).toHaveLength(types * perType);
    }
    const [mixed] = packRequests(collapseIntervals([...nights(1, 1, () => 80), ...nights(2, 1, () => 85)]), (id) => ({ rateId: 900 + id, name: `Room type ${id}` }));
    expect(mixed).toEqual([
      { rateId: 901, roomTypeId: 1, name: 'Room type 1', intervals: [{ startDate: start, endDate: start, rate: 80 }] },
      { rateId: 902, roomTypeId: 2, name: 'Room type 2', intervals: [{ startDate: start, endDate: start, rate: 85 }] },
    ]);
  });

  it('lists every date of a range, month and leap-day boundaries included', () => {
    expect(datesBetween('2032-02-27', '2032-03-01')).toEqual(['2032-02-27', '2032-02-28', '2032-02-29', '2032-03-01']);
  });
});

describe('a push job’s summary', () => {
  const entry = (name: string, intervals: [string, string, number][]) => ({
    rateId: 1,
    roomTypeId: 1,
    name,
    intervals: intervals.map(([startDate, endDate, rate]) => ({ startDate, endDate, rate })),
  });

  it('names the room type, the nights and the rate of a one-interval push', () => {
    expect(summarizePush({ rates: [entry('Single Room', [['2026-12-05', '2026-12-07', 150]])] })).toBe('Rates · Single Room · 5–7 Dec → 150.00');
  });

  it('counts room types and rates of a bigger push, over its whole span of nights', () => {
    const rates = [entry('Single Room', [['2026-12-05', '2026-12-05', 150], ['2026-12-09', '2026-12-10', 155]]), entry('Suite', [['2026-11-30', '2026-11-30', 300]])];
    expect(summarizePush({ rates })).toBe('Rates · 2 room types · 30 Nov–10 Dec · 3 rates');
    expect(summarizePush({ rates: rates.slice(0, 1) })).toBe('Rates · Single Room · 5–10 Dec · 2 rates');
  });
});
