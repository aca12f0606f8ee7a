import type { HotelCalendar } from '../hotel-calendar.js';

/** The hotel's check-in and check-out times where the source gives none (Settings will keep them). */
export const DEFAULT_CHECK_IN = '15:00';
export const DEFAULT_CHECK_OUT = '11:00';
/** The PIN is made this long before check-in. */
export const PIN_LEAD_MS = 2 * 3_600_000;
/** …and works, and is removed, this long after check-out. */
export const PIN_GRACE_MS = 24 * 3_600_000;

export interface StayTimes {
  arrival: string;
  departure: string;
  /** `HH:MM` at the hotel, or null for the hotel's default. */
  checkInTime: string | null;
  checkOutTime: string | null;
}

/** When a stay's PIN is made, from when the lock takes it, and until when (instants, ms). */
export interface PinPlan {
  createAt: number;
  startsAt: number;
  endsAt: number;
}

/**
 * A stay's PIN on the hotel's clock: valid from check-in, made 2 h before it, refused by the lock
 * (and removed) 24 h after check-out. Check-in and check-out are wall-clock times at the hotel,
 * so a stay across a daylight-saving change keeps both at their local hour.
 */
export function planPin(stay: StayTimes, calendar: Pick<HotelCalendar, 'instantAt'>): PinPlan {
  const startsAt = calendar.instantAt(stay.arrival, stay.checkInTime ?? DEFAULT_CHECK_IN);
  const endsAt = calendar.instantAt(stay.departure, stay.checkOutTime ?? DEFAULT_CHECK_OUT) + PIN_GRACE_MS;
  return { createAt: startsAt - PIN_LEAD_MS, startsAt, endsAt };
}

/**
 * The time frame to put on the lock now. A start already past (a guest in house, or a job that
 * ran late) cannot be sent as it is: Seam wants starts in the future. The lock then takes the
 * code from now, or keeps the start it already has.
 */
export function codeTimeFrame(plan: Pick<PinPlan, 'startsAt' | 'endsAt'>, current: { codeStartsAt: number | null }, now: number): { startsAt: number; endsAt: number } {
  if (plan.startsAt > now) return { startsAt: plan.startsAt, endsAt: plan.endsAt };
  const kept = current.codeStartsAt !== null && current.codeStartsAt <= now ? current.codeStartsAt : now - (now % 1000);
  return { startsAt: kept, endsAt: plan.endsAt };
}

/** Seam has no idempotency key: the code's name carries ours, so a code whose create answer was lost is found again. */
export const codeKeyPrefix = (reservationId: number) => `sentinel-pin-${reservationId}-v`;
export const codeName = (label: string, reservationId: number, version: number) => `${label.slice(0, 40)} · ${codeKeyPrefix(reservationId)}${version}`;
