import { randomUUID } from 'node:crypto';
import { finalRate } from '../../shared/rates-contract.js';
import type { Hotel, RoomType } from '../hotel.js';
import { datesBetween, isoDate, json, text, type ApiContext, type SandboxRequest, type SandboxResponse } from '../kit.js';
import { fail, formBoolean, idList, nightsOf, roomsAvailable } from './cloudbeds-format.js';

/** A Cloudbeds rate plan row: the base rate of a room type, or a plan derived from it. */
export interface SandboxRatePlan {
  rateId: number;
  roomType: RoomType;
  namePublic: string;
  namePrivate: string;
  ratePlanId: string | null;
  /** Set for derived plans, which follow their parent and cannot be written. */
  derived?: { parentRateId: number; type: 'percentage'; value: number };
}

interface JobUpdate {
  rateID: string;
  startDate: string;
  endDate: string;
  rate?: number;
  blocked?: boolean;
  action: 'in_progress' | 'updated' | 'error';
  message?: string;
}

interface RateJob {
  id: string;
  principal: string;
  createdAt: number;
  status: 'in_progress' | 'completed' | 'error';
  updates: JobUpdate[];
}

/** How long a putRate job stays in progress unless the sandbox is told otherwise. */
export const RATE_JOB_DELAY_MS = 150;
/** Published limit: more intervals than this in one putRate is refused as a whole. */
export const MAX_INTERVALS = 30;
/** Jobs are kept, and answered by getRateJobs, for 7 days. */
const JOB_KEPT_MS = 7 * 86_400_000;
/** Derived plans: a non-refundable rate 10% under each room type's base rate. */
const DERIVED_OFFSET = 910_000 - 900_000;

const round2 = (value: number) => Math.round(value * 100) / 100;

/** Whatever qs made of `rates[0]…` (an array, or an object keyed by index when indices are sparse) as a list. */
const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : [];
const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/**
 * Rates as Cloudbeds keeps them: base rate plans written through putRate, derived plans that
 * follow them, and asynchronous rate jobs. A push is answered at once with a jobReferenceID; its
 * updates reach the hotel's `rates` only when the job completes, `rateJobDelayMs` later on the
 * sandbox's clock.
 *
 * Every written cell (rate plan and date) is one ledger effect of kind `rate`, keyed
 * `<rateID>:<date>:<rate>:<open|blocked>#<n>` where n counts the real changes of that cell: a
 * replayed push already in place is a duplicate, while setting a cell back to an earlier value
 * after another one is a new effect.
 */
export function createRateDesk(context: ApiContext, hotel: Hotel) {
  const plans = new Map<number, SandboxRatePlan>();
  for (const roomType of hotel.roomTypes) {
    plans.set(roomType.rateId, {
      rateId: roomType.rateId,
      roomType,
      namePublic: `${roomType.name} - Base rate`,
      namePrivate: `${roomType.shortName} BAR`,
      ratePlanId: null,
    });
    plans.set(roomType.rateId + DERIVED_OFFSET, {
      rateId: roomType.rateId + DERIVED_OFFSET,
      roomType,
      namePublic: 'Non-refundable',
      namePrivate: `${roomType.shortName} NRF -10%`,
      ratePlanId: '7101',
      derived: { parentRateId: roomType.rateId, type: 'percentage', value: -10 },
    });
  }
  const blocked = new Map<string, boolean>();
  const versions = new Map<string, number>();
  const jobs = new Map<string, RateJob>();

  /** A plan's rate for a night; null when it has none (see `Hotel.unratedNights`; derived plans follow their parent). */
  function rateOf(plan: SandboxRatePlan, date: string): number | null {
    if (plan.derived) {
      const parent = rateOf(plans.get(plan.derived.parentRateId)!, date);
      return parent === null ? null : round2(parent * (1 + plan.derived.value / 100));
    }
    if (hotel.unratedNights.has(`${plan.rateId}:${date}`)) return null;
    return hotel.rates.get(plan.rateId)?.get(date) ?? finalRate(hotel.baseRates.get(date) ?? 120, plan.roomType.differential);
  }

  function applyCell(plan: SandboxRatePlan, date: string, update: JobUpdate, jobId: string): void {
    const cell = `${plan.rateId}:${date}`;
    const before = { rate: rateOf(plan, date), blocked: blocked.get(cell) ?? false };
    const after = { rate: update.rate ?? before.rate, blocked: update.blocked ?? before.blocked };
    let version = versions.get(cell) ?? 0;
    if (after.rate !== before.rate || after.blocked !== before.blocked) versions.set(cell, (version += 1));
    const key = `${plan.rateId}:${date}:${after.rate}:${after.blocked ? 'blocked' : 'open'}#${version}`;
    context.ledger.record({ api: 'cloudbeds', kind: 'rate', key, at: context.now(), data: { rateID: String(plan.rateId), date, ...after, jobReferenceID: jobId } });
    if (after.rate !== null) {
      hotel.unratedNights.delete(cell);
      if (!hotel.rates.has(plan.rateId)) hotel.rates.set(plan.rateId, new Map());
      hotel.rates.get(plan.rateId)!.set(date, after.rate);
    }
    blocked.set(cell, after.blocked);
  }

  function complete(job: RateJob): void {
    // A reset replaced the hotel (and the ledger was cleared): this job belongs to the old one.
    if (context.hotel !== hotel) return;
    for (const update of job.updates) {
      const plan = plans.get(Number(update.rateID));
      if (!plan || !/^\d+$/.test(update.rateID)) {
        Object.assign(update, { action: 'error', message: `Rate ID ${update.rateID} was not found` });
      } else if (plan.derived) {
        Object.assign(update, { action: 'error', message: `Derived rates are rejected: rate ${plan.rateId} is derived from rate ${plan.derived.parentRateId}` });
      } else {
        // An interval without `rate` (or `blocked`) completes with no change, as on the real API.
        if (update.rate !== undefined || update.blocked !== undefined) {
          for (const date of datesBetween(update.startDate, update.endDate)) applyCell(plan, date, update, job.id);
        }
        update.action = 'updated';
      }
    }
    job.status = job.updates.some((update) => update.action === 'error') ? 'error' : 'completed';
  }

  /** Checks the whole request before queueing anything: malformed pushes are refused with `success:false`. */
  function readUpdates(body: unknown): JobUpdate[] | SandboxResponse {
    const rates = asList(asRecord(body)?.rates);
    if (rates.length === 0) return fail('Parameter rates is required');
    const intervals = rates.reduce<number>((sum, rate) => sum + asList(asRecord(rate)?.interval).length, 0);
    if (intervals > MAX_INTERVALS) return fail(`The API is limited to ${MAX_INTERVALS} intervals per update, ${intervals} were sent for rates`);
    const updates: JobUpdate[] = [];
    for (const [i, raw] of rates.entries()) {
      const rate = asRecord(raw);
      const rateID = text(rate?.rateID);
      if (!rate || !rateID) return fail(`Parameter rates[${i}][rateID] is required`);
      const list = asList(rate.interval);
      if (list.length === 0) return fail(`Parameter rates[${i}][interval] is required`);
      for (const [j, rawInterval] of list.entries()) {
        const at = `rates[${i}][interval][${j}]`;
        const interval = asRecord(rawInterval) ?? {};
        const startDate = isoDate(interval.startDate);
        const endDate = isoDate(interval.endDate);
        if (!startDate) return fail(`Invalid Parameter Format for ${at}[startDate]`);
        if (!endDate) return fail(`Invalid Parameter Format for ${at}[endDate]`);
        if (endDate < startDate) return fail(`endDate is before startDate for ${at}[endDate]`);
        const update: JobUpdate = { rateID, startDate, endDate, action: 'in_progress' };
        if (interval.rate !== undefined) {
          const value = text(interval.rate);
          if (value === undefined || !/^-?\d+(\.\d+)?$/.test(value)) return fail(`Invalid Parameter Format for ${at}[rate]`);
          if (Number(value) < 0) return fail(`Rate cannot be negative for ${at}[rate]`);
          update.rate = Number(value);
        }
        const isBlocked = formBoolean(interval.blocked);
        if (isBlocked === null) return fail(`Invalid Parameter Format for ${at}[blocked]`);
        if (isBlocked !== undefined) update.blocked = isBlocked;
        updates.push(update);
      }
    }
    return updates;
  }

  return {
    plans,
    rateOf,

    /** `POST /putRate`: queues the updates and answers with the job's reference at once. */
    putRate(request: SandboxRequest, principal: string): SandboxResponse {
      const updates = readUpdates(request.body);
      if (!Array.isArray(updates)) return updates;
      const job: RateJob = { id: randomUUID(), principal, createdAt: context.now(), status: 'in_progress', updates };
      jobs.set(job.id, job);
      context.setTimeout(() => complete(job), context.rateJobDelayMs);
      return json(200, { success: true, jobReferenceID: job.id });
    },

    /** `GET /getRateJobs`: one job by reference, or the caller's own jobs of the last 7 days. */
    getRateJobs(request: SandboxRequest, principal: string): SandboxResponse {
      const reference = text(request.query.jobReferenceID);
      const status = text(request.query.status);
      const since = context.now() - JOB_KEPT_MS;
      const found = reference !== undefined ? [jobs.get(reference)].filter((job) => job !== undefined) : [...jobs.values()].filter((job) => job.principal === principal);
      const data = found
        .filter((job) => job.createdAt > since && (status === undefined || job.status === status))
        .map((job) => ({
          jobReferenceID: job.id,
          dateCreated: new Date(job.createdAt).toISOString().slice(0, 10),
          status: job.status,
          updates: job.updates.map((update) => ({
            rateID: update.rateID,
            action: update.action,
            startDate: update.startDate,
            endDate: update.endDate,
            ...(update.rate !== undefined ? { rate: update.rate } : {}),
            maxLos: null,
            minLos: null,
            closedToArrival: null,
            closedToDeparture: null,
            cutOff: null,
            lastMinuteBooking: null,
            ...(update.message !== undefined ? { message: update.message } : {}),
          })),
        }));
      return json(200, { success: true, hasNextPage: false, nextPage: null, data });
    },

    /** `GET /getRatePlans`: every plan (base and derived) of the hotel for a stay, nightly detail on request. */
    getRatePlans(request: SandboxRequest): SandboxResponse {
      const { query } = request;
      if (query.startDate === undefined) return fail('Parameter startDate is required');
      if (query.endDate === undefined) return fail('Parameter endDate is required');
      const startDate = isoDate(query.startDate);
      const endDate = isoDate(query.endDate);
      if (!startDate) return fail('Invalid Parameter Format for startDate');
      if (!endDate) return fail('Invalid Parameter Format for endDate');
      if (endDate < startDate) return fail('endDate is before startDate for endDate');
      const detailed = formBoolean(query.detailedRates);
      if (detailed === null) return fail('Invalid Parameter Format for detailedRates');
      const roomTypeIds = idList(query.roomTypeID);
      const rateIds = idList(query.rateIDs);
      const nights = nightsOf(startDate, endDate);
      const data = [...plans.values()]
        .filter((plan) => roomTypeIds.length === 0 || roomTypeIds.includes(String(plan.roomType.id)))
        .filter((plan) => rateIds.length === 0 || rateIds.includes(String(plan.rateId)))
        .map((plan) => {
          const perNight = nights.map((date) => ({
            date,
            rateBase: rateOf(plan, date),
            // The spec lets only rateBase be null: a night without a rate totals 0.
            totalRate: rateOf(plan, date) ?? 0,
            roomsAvailable: roomsAvailable(hotel, plan.roomType, date),
            closedToArrival: false,
            closedToDeparture: false,
            blocked: blocked.get(`${plan.rateId}:${date}`) ?? false,
            minLos: 0,
            maxLos: 0,
            cutOff: 0,
            lastMinuteBooking: 0,
          }));
          const total = round2(perNight.reduce((sum, night) => sum + night.totalRate, 0));
          return {
            rateID: String(plan.rateId),
            isDerived: plan.derived !== undefined,
            roomRate: total,
            totalRate: total,
            roomsAvailable: Math.min(...perNight.map((night) => night.roomsAvailable)),
            roomTypeID: String(plan.roomType.id),
            propertyID: String(hotel.propertyId),
            ratePlanID: plan.ratePlanId,
            ratePlanNamePublic: plan.namePublic,
            ratePlanNamePrivate: plan.namePrivate,
            promoCode: null,
            // Base plans leave the derived fields out: the spec's derivedType enum has no null.
            ...(plan.derived
              ? { derivedType: plan.derived.type, derivedValue: plan.derived.value, parentRateID: String(plan.derived.parentRateId) }
              : {}),
            ...(detailed ? { roomRateDetailed: perNight } : {}),
          };
        });
      return json(200, { success: true, data });
    },
  };
}

export type RateDesk = ReturnType<typeof createRateDesk>;
