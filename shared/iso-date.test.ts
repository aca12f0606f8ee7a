import { describe, expect, it } from 'vitest';
import { addDays, datesBetween, isIsoDate } from './iso-date.js';

describe('ISO dates', () => {
  it('accept only real calendar dates, without throwing on impossible ones', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-1-01', '2026-01-01T00:00', 20260101, null]) {
      expect(isIsoDate(bad)).toBe(false);
    }
  });

  it('count days across months, years and the end of daylight saving', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(datesBetween('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(datesBetween('2026-01-02', '2026-01-01')).toEqual([]);
  });
});
