import { describe, expect, it } from 'vitest';
import { ManualClock } from './testing/manual-clock.js';
import { acceptedDates, hotelCalendar } from './hotel-calendar.js';

const at = (iso: string) => new ManualClock(Date.parse(iso));

describe('the hotel calendar', () => {
  it("tells the hotel's date, not the machine's or UTC's", () => {
    // 10:30 UTC on 29 Nov is already 30 Nov in Auckland and still 29 Nov in Los Angeles.
    const clock = at('2026-11-29T11:30:00Z');
    expect(hotelCalendar(clock, 'Pacific/Auckland').today()).toBe('2026-11-30');
    expect(hotelCalendar(clock, 'America/Los_Angeles').today()).toBe('2026-11-29');
    expect(hotelCalendar(at('2026-11-29T08:30:00Z'), 'America/Los_Angeles').today()).toBe('2026-11-29');
    expect(hotelCalendar(at('2026-11-29T07:30:00Z'), 'America/Los_Angeles').today()).toBe('2026-11-28');
  });

  it('places a wall-clock time on either side of a daylight-saving change', () => {
    const lisbon = hotelCalendar(at('2026-01-01T00:00:00Z'), 'Europe/Lisbon');
    // Summer time ends on 25 Oct 2026: 14:00 is UTC+1 on the 24th and UTC+0 on the 26th.
    expect(new Date(lisbon.instantAt('2026-10-24', '14:00')).toISOString()).toBe('2026-10-24T13:00:00.000Z');
    expect(new Date(lisbon.instantAt('2026-10-26', '14:00')).toISOString()).toBe('2026-10-26T14:00:00.000Z');
    // 01:30 on 25 Oct happens twice: the first one.
    expect(new Date(lisbon.instantAt('2026-10-25', '01:30')).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // 01:30 on 29 Mar does not exist (01:00 jumps to 02:00): it moves forward by the gap.
    expect(new Date(lisbon.instantAt('2026-03-29', '01:30')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    const auckland = hotelCalendar(at('2026-01-01T00:00:00Z'), 'Pacific/Auckland');
    expect(new Date(auckland.instantAt('2026-12-05', '15:00')).toISOString()).toBe('2026-12-05T02:00:00.000Z');
  });

  it('refuses a time zone it does not know', () => {
    expect(() => hotelCalendar(at('2026-01-01T00:00:00Z'), 'Mars/Olympus')).toThrow(/not a time zone/);
  });

  it('accepts dates up to three years after the hotel’s today', () => {
    expect(acceptedDates(hotelCalendar(at('2026-11-29T11:30:00Z'), 'Pacific/Auckland'))).toEqual({ first: '2000-01-01', last: '2029-11-30' });
    expect(acceptedDates(hotelCalendar(at('2028-02-29T12:00:00Z')))).toEqual({ first: '2000-01-01', last: '2031-02-28' });
  });
});
