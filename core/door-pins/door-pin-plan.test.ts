import { describe, expect, it } from 'vitest';
import { hotelCalendar } from '../hotel-calendar.js';
import { ManualClock } from '../testing/manual-clock.js';
import { codeTimeFrame, planPin } from './door-pin-plan.js';

const utc = (text: string) => Date.parse(text);

describe('a door PIN’s plan', () => {
  it('is valid from check-in to check-out + 24 h on the hotel’s wall clock, made 2 h before check-in', () => {
    const lisbon = hotelCalendar(new ManualClock(), 'Europe/Lisbon');
    // Summer time (UTC+1) begins on 28 March 2027 at 01:00 UTC, inside the stay.
    const plan = planPin({ arrival: '2027-03-26', departure: '2027-03-30', checkInTime: null, checkOutTime: null }, lisbon);
    expect(plan).toEqual({
      startsAt: utc('2027-03-26T15:00:00Z'),
      createAt: utc('2027-03-26T13:00:00Z'),
      endsAt: utc('2027-03-31T10:00:00Z'),
    });
  });

  it('takes the stay’s own times, and a zone whose clocks go back during the stay', () => {
    const newYork = hotelCalendar(new ManualClock(), 'America/New_York');
    // Standard time (UTC−5) is back on 1 November 2026 at 06:00 UTC.
    const plan = planPin({ arrival: '2026-10-30', departure: '2026-11-02', checkInTime: '16:30', checkOutTime: '10:00' }, newYork);
    expect(new Date(plan.startsAt).toISOString()).toBe('2026-10-30T20:30:00.000Z');
    expect(new Date(plan.endsAt).toISOString()).toBe('2026-11-03T15:00:00.000Z');
  });

  it('puts a start already past on the lock as now, or keeps the one the lock already has', () => {
    const plan = { startsAt: 1_000_000, endsAt: 9_000_000 };
    expect(codeTimeFrame(plan, { codeStartsAt: null }, 2_000_500)).toEqual({ startsAt: 2_000_000, endsAt: 9_000_000 });
    expect(codeTimeFrame(plan, { codeStartsAt: 1_500_000 }, 2_000_500)).toEqual({ startsAt: 1_500_000, endsAt: 9_000_000 });
    expect(codeTimeFrame({ startsAt: 3_000_000, endsAt: 9_000_000 }, { codeStartsAt: 1_500_000 }, 2_000_500)).toEqual({ startsAt: 3_000_000, endsAt: 9_000_000 });
  });
});
