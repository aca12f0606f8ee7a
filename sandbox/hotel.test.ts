import { describe, expect, it } from 'vitest';
import { finalRate } from '../shared/rates-contract.js';
import { DAYS_SEEDED, seedHotel } from './hotel.js';
import { addDays } from './kit.js';

describe('the seeded hotel', () => {
  const hotel = seedHotel({ today: '2026-11-23' });

  it('is the same hotel for the same seed and day', () => {
    const again = seedHotel({ today: '2026-11-23' });
    expect(again.reservations).toEqual(hotel.reservations);
    expect(seedHotel({ today: '2026-11-23', seed: 7 }).reservations).not.toEqual(hotel.reservations);
  });

  it('has several room types, a few dozen rooms, and a lock on every door', () => {
    expect(hotel.roomTypes.length).toBeGreaterThanOrEqual(4);
    expect(hotel.rooms.length).toBeGreaterThanOrEqual(24);
    expect(new Set(hotel.locks.map((lock) => lock.roomId))).toEqual(new Set(hotel.rooms.map((room) => room.id)));
  });

  it('prices every room type from the base rate and its differential', () => {
    const date = addDays(hotel.today, 10);
    const base = hotel.baseRates.get(date)!;
    for (const type of hotel.roomTypes) expect(hotel.rates.get(type.rateId)!.get(date)).toBe(finalRate(base, type.differential));
    expect(finalRate(100, { kind: 'percent', value: -25 })).toBe(75);
    expect(finalRate(100, { kind: 'amount', value: 45 })).toBe(145);
  });

  it('has reservations from all three sources over the next 60 days, never two in one room on one night', () => {
    const sources = new Set(hotel.reservations.map((r) => r.source));
    expect(sources).toEqual(new Set(['cloudbeds', 'beds24', 'stays']));
    const last = addDays(hotel.today, DAYS_SEEDED - 1);
    expect(hotel.reservations.some((r) => r.startDate >= addDays(hotel.today, 45) && r.startDate <= last)).toBe(true);
    const nights = new Set<string>();
    for (const r of hotel.reservations) {
      expect(r.endDate > r.startDate).toBe(true);
      for (let date = r.startDate; date < r.endDate; date = addDays(date, 1)) {
        const night = `${r.roomId}:${date}`;
        expect(nights.has(night)).toBe(false);
        nights.add(night);
      }
    }
  });

  it('has a housekeeping staff in teams', () => {
    expect(hotel.staff.length).toBeGreaterThanOrEqual(5);
    for (const member of hotel.staff) expect(hotel.teams.some((team) => team.id === member.teamId)).toBe(true);
  });
});
