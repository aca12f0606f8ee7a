import { describe, expect, it } from 'vitest';
import { formatClock, formatDay, formatInstant } from './hotel-time.js';

describe('the app’s one way of writing dates and times', () => {
  it('writes a calendar date with its weekday, whatever the machine’s zone', () => {
    expect(formatDay('2026-12-05')).toBe('Sat 5 Dec 2026');
    expect(formatDay('9999-12-31')).toBe('Fri 31 Dec 9999');
    expect(formatDay('2028-02-29')).toBe('Tue 29 Feb 2028');
    expect(formatDay('not a date')).toBe('not a date');
  });

  it('writes one instant on the hotel’s clock: the same moment is the 30th in Auckland and the 29th in Los Angeles', () => {
    const at = '2026-11-29T11:30:00.000Z';
    expect(formatInstant(at, 'Pacific/Auckland')).toBe('Mon 30 Nov 2026, 00:30');
    expect(formatInstant(at, 'America/Los_Angeles')).toBe('Sun 29 Nov 2026, 03:30');
    expect(formatInstant(Date.parse(at), 'UTC')).toBe('Sun 29 Nov 2026, 11:30');
    expect(formatClock(at, 'Europe/Lisbon')).toBe('11:30');
  });

  it('follows daylight saving: 15:00 in New York is 20:00 UTC in winter and 19:00 UTC in summer', () => {
    expect(formatClock('2027-03-12T20:00:00Z', 'America/New_York')).toBe('15:00');
    expect(formatClock('2027-03-15T19:00:00Z', 'America/New_York')).toBe('15:00');
    expect(formatInstant('2027-03-14T07:00:00Z', 'America/New_York')).toBe('Sun 14 Mar 2027, 03:00');
  });

  it('shows what it was given rather than "Invalid Date" for a value that is not an instant', () => {
    expect(formatInstant('garbage', 'UTC')).toBe('garbage');
    expect(formatClock('', 'UTC')).toBe('');
  });
});
