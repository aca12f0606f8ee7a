import { describe, expect, it } from 'vitest';
import { addDays, datesBetween, daysBetween, isIsoDate } from './iso-date.js';

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

  it('refuse to step past the year 9999 or before 0000, rather than give a date that sorts wrong', () => {
    expect(addDays('9999-12-30', 1)).toBe('9999-12-31');
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addDays('0000-01-01', -1)).toThrow(RangeError);
    expect(() => addDays('not a date', 1)).toThrow(RangeError);
  });

  it('list a range at the end of the calendar, and refuse one longer than their bound instead of looping', () => {
    expect(datesBetween('9999-12-30', '9999-12-31')).toEqual(['9999-12-30', '9999-12-31']);
    expect(() => datesBetween('2000-01-01', '9999-12-31')).toThrow(/more than 100000 days/);
    expect(datesBetween('2026-01-01', '2026-12-31', 365)).toHaveLength(365);
    expect(() => datesBetween('2026-01-01', '2027-01-01', 365)).toThrow(RangeError);
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3);
  });
});
