import { describe, expect, it } from 'vitest';
import { hotelCalendar } from '../hotel-calendar.js';
import { ManualClock } from '../testing/manual-clock.js';
import { scanWindow } from './reconcile-window.js';

const HOUR = 3_600_000;

describe('the window a run reads', () => {
  const clock = new ManualClock(Date.parse('2026-11-23T09:00:00Z'));
  const calendar = hotelCalendar(clock, 'Europe/Lisbon');

  it('covers stays touching a week back to three years ahead, and on the first run those created in the last 24 h', () => {
    expect(scanWindow(calendar, clock.now(), null)).toEqual({
      from: '2026-11-16',
      to: '2029-11-23',
      createdFrom: '2026-11-22',
      createdTo: '2026-11-24',
      orphanFrom: '2026-11-22',
    });
  });

  it('then reads creations since the day before the last successful run, up to a year back', () => {
    expect(scanWindow(calendar, clock.now(), clock.now() - 0.5 * HOUR).createdFrom).toBe('2026-11-21');
    expect(scanWindow(calendar, clock.now(), clock.now() - 3 * 24 * HOUR).createdFrom).toBe('2026-11-19');
    expect(scanWindow(calendar, clock.now(), clock.now() - 900 * 24 * HOUR).createdFrom).toBe('2025-11-22');
  });

  it('reads the hotel’s day, not the machine’s', () => {
    // 23:30 UTC on the 23rd is already the 24th in Tokyo.
    const late = new ManualClock(Date.parse('2026-11-23T23:30:00Z'));
    expect(scanWindow(hotelCalendar(late, 'Asia/Tokyo'), late.now(), null).orphanFrom).toBe('2026-11-23');
  });
});
