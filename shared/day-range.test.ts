import { describe, expect, it } from 'vitest';
import { formatDayRange } from './day-range.js';

describe('formatDayRange', () => {
  it('says a night, a stretch within a month, across months and across years as briefly as is clear', () => {
    expect(formatDayRange('2026-12-05')).toBe('5 Dec');
    expect(formatDayRange('2026-12-05', '2026-12-07')).toBe('5–7 Dec');
    expect(formatDayRange('2026-11-30', '2026-12-02')).toBe('30 Nov–2 Dec');
    expect(formatDayRange('2026-12-30', '2027-01-02')).toBe('30 Dec 2026–2 Jan 2027');
  });
});
