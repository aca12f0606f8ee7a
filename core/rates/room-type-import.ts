import type { Clock } from '../clock.js';
import type { CloudbedsConnector, RatePlan } from '../integrations/cloudbeds/cloudbeds.js';
import { workerFor, type JobWorker } from '../queue/job-kind.js';
import { RemoteError } from '../queue/remote-error.js';
import type { Db } from '../store/database.js';
import { finalRate, type Differential } from '../../shared/rates-contract.js';
import type { HotelCalendar } from '../hotel-calendar.js';
import { notConnected, RATE_IMPORT } from './rate-jobs.js';
import { addDays } from '../../shared/iso-date.js';
import type { RateStore, StoredRoomType } from './rate-store.js';

/** Nights of rates imported from today. */
export const IMPORT_DAYS = 365;

export interface RoomTypeImportDeps {
  db: Db;
  store: RateStore;
  clock: Clock;
  /** The import starts at the hotel's today. */
  calendar: HotelCalendar;
  cloudbeds: () => CloudbedsConnector | null;
  /** The grid's room types arrived: the renderer reloads. */
  imported(): void;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * How a room type's nightly rates follow the base: a constant difference is an `amount`; a
 * constant ratio that reproduces every night to the cent is a `percent`; anything else (rates
 * set by hand per night) is read as the `amount` of the first night, the simplest honest guess
 * (the nights that differ stay what Cloudbeds has until someone edits them here). Only nights
 * where both rates are known count: Cloudbeds may have no rate for a night (null).
 */
export function deriveDifferential(base: readonly (number | null)[], rates: readonly (number | null | undefined)[]): Differential {
  const nights: [number, number][] = [];
  base.forEach((b, i) => {
    const r = rates[i];
    if (b !== null && b > 0 && r !== null && r !== undefined) nights.push([b, r]);
  });
  if (nights.length === 0) return { kind: 'amount', value: 0 };
  const first = round2(nights[0]![1] - nights[0]![0]);
  if (nights.every(([b, r]) => Math.abs(r - b - first) < 0.005)) return { kind: 'amount', value: first };
  const percent = round2((nights[0]![1] / nights[0]![0] - 1) * 100);
  const differential: Differential = { kind: 'percent', value: percent };
  if (nights.every(([b, r]) => finalRate(b, differential) === round2(r))) return differential;
  return { kind: 'amount', value: first };
}

/**
 * Cloudbeds has room types and rate plans but no "differential". The import takes each room
 * type's base (non-derived) plan for the next year; the base rate per night is the Standard
 * room type's (the one named "Standard", else the first), and each room type's differential is
 * derived from its rates against that base. Runs once, while the room-type table is empty.
 */
export function createRoomTypeImportWorker(deps: RoomTypeImportDeps): JobWorker {
  return workerFor(RATE_IMPORT, async (_payload, context) => {
    if (deps.store.hasRoomTypes()) return { imported: 0, note: 'room types were already imported' };
    const cloudbeds = deps.cloudbeds();
    if (!cloudbeds) throw notConnected();
    const startDate = deps.calendar.today();
    const roomTypes = await cloudbeds.getRoomTypes();
    context.heartbeat();
    // endDate is the check-out: IMPORT_DAYS nights from today.
    const plans = await cloudbeds.getRatePlans({ startDate, endDate: addDays(startDate, IMPORT_DAYS), detailedRates: true });
    context.recordResponse({ httpStatus: plans.httpStatus, ...(plans.requestId ? { requestId: plans.requestId } : {}) });
    const planOf = new Map<number, RatePlan>();
    for (const plan of plans.data) if (!plan.isDerived && plan.roomTypeId !== undefined && !planOf.has(plan.roomTypeId)) planOf.set(plan.roomTypeId, plan);
    const priced = roomTypes.data.filter((roomType) => planOf.has(roomType.roomTypeId));
    if (priced.length === 0) throw new RemoteError('validation', 'Cloudbeds has no room type with a base rate plan to import');
    const standard = priced.find((roomType) => /standard/i.test(roomType.name)) ?? priced[0]!;
    const baseNights = planOf.get(standard.roomTypeId)!.roomRateDetailed;
    const base = baseNights.map((night) => night.rateBase);
    const pricedNights = baseNights.filter((night): night is typeof night & { rateBase: number } => night.rateBase !== null);
    const stored: StoredRoomType[] = priced.map((roomType) => {
      const plan = planOf.get(roomType.roomTypeId)!;
      const byDate = new Map(plan.roomRateDetailed.map((night) => [night.date, night.rateBase]));
      return {
        id: roomType.roomTypeId,
        name: roomType.name,
        shortName: roomType.shortName,
        rateId: plan.rateId,
        differential: roomType === standard ? { kind: 'amount', value: 0 } : deriveDifferential(base, baseNights.map((night) => byDate.get(night.date))),
      };
    });
    // Standard first (it is the base), then in Cloudbeds' order.
    stored.sort((a, b) => Number(b.id === standard.roomTypeId) - Number(a.id === standard.roomTypeId));
    const inserted = deps.db.transaction(() => {
      if (deps.store.hasRoomTypes()) return 0;
      stored.forEach((roomType, order) => deps.store.insertRoomType(roomType, order));
      // A night without a base rate gets no row: the grid shows it blank, not a guess.
      for (const night of pricedNights) deps.store.upsertBaseRate(night.date, night.rateBase);
      return stored.length;
    })();
    if (inserted > 0) deps.imported();
    return { imported: inserted, baseRates: pricedNights.length, nightsWithoutBaseRate: baseNights.length - pricedNights.length, standard: standard.name };
  });
}
