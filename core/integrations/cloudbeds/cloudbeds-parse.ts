import { z } from 'zod';
import { RemoteError } from '../../queue/remote-error.js';
import {
  RESERVATION_STATUSES,
  type CloudbedsHotelDetails,
  type CloudbedsReservation,
  type CloudbedsReservationStatus,
  type CloudbedsRoomType,
  type RateJob,
  type RateJobStatus,
  type RateJobUpdate,
  type RatePlan,
  type RatePlanNight,
  type RateUpdateStatus,
} from './cloudbeds-types.js';

/**
 * Cloudbeds' answers as typed data. It sends ids and many numbers as strings ("318267",
 * "2"), sometimes as numbers; both are read. An answer that cannot be read is a fault on the
 * remote side (kind `server`): retrying may help, and it must show in Failed if not.
 */
type Json = Record<string, unknown>;

const unreadable = (path: string, what: string) => new RemoteError('server', `Cloudbeds sent an unreadable answer: ${path} ${what}`);

export function record(value: unknown, path: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw unreadable(path, 'is not an object');
  return value as Json;
}

export function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw unreadable(path, 'is not a list');
  return value;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

function optNumber(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && NUMERIC.test(value.trim())) return Number(value.trim());
  throw unreadable(path, `is not a number (${JSON.stringify(value).slice(0, 40)})`);
}

function number(value: unknown, path: string): number {
  const parsed = optNumber(value, path);
  if (parsed === undefined) throw unreadable(path, 'is missing');
  return parsed;
}

function optString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw unreadable(path, 'is not text');
}

function string(value: unknown, path: string): string {
  const parsed = optString(value, path);
  if (parsed === undefined || parsed === '') throw unreadable(path, 'is missing');
  return parsed;
}

function optBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value === true || value === 1 || value === '1' || value === 'true') return true;
  if (value === false || value === 0 || value === '0' || value === 'false') return false;
  throw unreadable(path, 'is not true or false');
}

/** Leaves out undefined fields, so results compare and serialise cleanly. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function parsePutRate(body: unknown): { jobReferenceId: string } {
  return { jobReferenceId: string(record(body, 'answer').jobReferenceID, 'jobReferenceID') };
}

const JOB_STATUSES: readonly RateJobStatus[] = ['in_progress', 'completed', 'error'];
const UPDATE_STATUSES: readonly RateUpdateStatus[] = ['in_progress', 'updated', 'created', 'error'];

/** One job out of getRateJobs; an empty list means Cloudbeds no longer (or never) knew it. */
export function parseRateJob(body: unknown, jobReferenceId: string): RateJob | undefined {
  const jobs = list(record(body, 'answer').data, 'data').map((raw, i) => record(raw, `data[${i}]`));
  const job = jobs.find((item) => optString(item.jobReferenceID, 'data[].jobReferenceID') === jobReferenceId) ?? jobs[0];
  if (!job) return undefined;
  const status = string(job.status, 'data[0].status');
  if (!JOB_STATUSES.includes(status as RateJobStatus)) throw unreadable('data[0].status', `is "${status}"`);
  const updates = list(job.updates ?? [], 'data[0].updates').map((raw, i): RateJobUpdate => {
    const at = `data[0].updates[${i}]`;
    const update = record(raw, at);
    // The spec calls the per-update outcome `action`; accept `status` as well.
    const action = string(update.action ?? update.status, `${at}.action`);
    if (!UPDATE_STATUSES.includes(action as RateUpdateStatus)) throw unreadable(`${at}.action`, `is "${action}"`);
    return defined({
      rateId: number(update.rateID, `${at}.rateID`),
      startDate: optString(update.startDate, `${at}.startDate`),
      endDate: optString(update.endDate, `${at}.endDate`),
      rate: optNumber(update.rate, `${at}.rate`),
      status: action as RateUpdateStatus,
      message: optString(update.message, `${at}.message`),
    });
  });
  return defined({
    jobReferenceId: string(job.jobReferenceID, 'data[0].jobReferenceID'),
    status: status as RateJobStatus,
    dateCreated: optString(job.dateCreated, 'data[0].dateCreated'),
    updates,
  });
}

export function parseRatePlans(body: unknown): RatePlan[] {
  return list(record(body, 'answer').data, 'data').map((raw, i): RatePlan => {
    const at = `data[${i}]`;
    const plan = record(raw, at);
    const derivedType = optString(plan.derivedType, `${at}.derivedType`);
    if (derivedType !== undefined && derivedType !== 'fixed' && derivedType !== 'percentage') throw unreadable(`${at}.derivedType`, `is "${derivedType}"`);
    const nights = list(plan.roomRateDetailed ?? [], `${at}.roomRateDetailed`).map((rawNight, j): RatePlanNight => {
      const nightAt = `${at}.roomRateDetailed[${j}]`;
      const night = record(rawNight, nightAt);
      return defined({
        date: string(night.date, `${nightAt}.date`),
        // Nullable in the spec: one night without a rate must not make the whole answer unreadable.
        rateBase: optNumber(night.rateBase === undefined ? night.rate : night.rateBase, `${nightAt}.rateBase`) ?? null,
        totalRate: optNumber(night.totalRate, `${nightAt}.totalRate`),
        roomsAvailable: optNumber(night.roomsAvailable, `${nightAt}.roomsAvailable`),
        minLos: optNumber(night.minLos, `${nightAt}.minLos`),
        maxLos: optNumber(night.maxLos, `${nightAt}.maxLos`),
        closedToArrival: optBoolean(night.closedToArrival, `${nightAt}.closedToArrival`),
        closedToDeparture: optBoolean(night.closedToDeparture, `${nightAt}.closedToDeparture`),
        blocked: optBoolean(night.blocked, `${nightAt}.blocked`),
      });
    });
    return defined({
      rateId: number(plan.rateID, `${at}.rateID`),
      roomTypeId: optNumber(plan.roomTypeID, `${at}.roomTypeID`),
      isDerived: optBoolean(plan.isDerived, `${at}.isDerived`) ?? false,
      roomRate: number(plan.roomRate, `${at}.roomRate`),
      totalRate: optNumber(plan.totalRate, `${at}.totalRate`),
      roomsAvailable: optNumber(plan.roomsAvailable, `${at}.roomsAvailable`),
      ratePlanId: optString(plan.ratePlanID, `${at}.ratePlanID`),
      ratePlanName: optString(plan.ratePlanNamePublic, `${at}.ratePlanNamePublic`),
      derivedType: derivedType as RatePlan['derivedType'],
      derivedValue: optNumber(plan.derivedValue, `${at}.derivedValue`),
      parentRateId: optNumber(plan.parentRateID, `${at}.parentRateID`),
      roomRateDetailed: nights,
    });
  });
}

/** One page of a paged list: its items and the total Cloudbeds says there are. */
export function parsePage<T>(body: unknown, item: (raw: unknown, at: string) => T): { items: T[]; total?: number } {
  const answer = record(body, 'answer');
  return defined({
    items: list(answer.data, 'data').map((raw, i) => item(raw, `data[${i}]`)),
    total: optNumber(answer.total, 'total'),
  });
}

export function parseRoomType(raw: unknown, at: string): CloudbedsRoomType {
  const type = record(raw, at);
  return defined({
    roomTypeId: number(type.roomTypeID, `${at}.roomTypeID`),
    propertyId: optNumber(type.propertyID, `${at}.propertyID`),
    name: string(type.roomTypeName, `${at}.roomTypeName`),
    shortName: optString(type.roomTypeNameShort, `${at}.roomTypeNameShort`) ?? '',
    maxGuests: number(type.maxGuests, `${at}.maxGuests`),
    adultsIncluded: optNumber(type.adultsIncluded, `${at}.adultsIncluded`),
    childrenIncluded: optNumber(type.childrenIncluded, `${at}.childrenIncluded`),
  });
}

/** Ids come as strings, sometimes as numbers. */
const id = z.union([z.string().trim().min(1), z.number().int().nonnegative().transform(String)]);

/**
 * GetHotelDetailsResponse, read as far as the app uses it: fields the app does not read (and
 * new ones Cloudbeds adds) are let through unread. The spec requires nothing, so only the name
 * and, when a currency is sent, its code must be there; the rest falls back to how most
 * properties write money.
 */
const hotelDetailsSchema = z.object({
  data: z.object({
    propertyID: id,
    propertyName: z.string().trim().min(1).max(200),
    propertyCurrency: z
      .object({
        currencyCode: z.string().trim().regex(/^[A-Za-z]{3}$/, 'is not a three-letter currency code').transform((code) => code.toUpperCase()),
        currencySymbol: z.string().trim().max(8).nullish(),
        currencyPosition: z.enum(['before', 'after']).nullish(),
        currencyDecimalSeparator: z.string().max(3).nullish(),
        currencyThousandsSeparator: z.string().max(3).nullish(),
      })
      .nullish(),
  }),
});

export function parseHotelDetails(body: unknown): CloudbedsHotelDetails {
  const parsed = hotelDetailsSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw unreadable(issue.path.join('.') || 'answer', issue.message.toLowerCase());
  }
  const { propertyID, propertyName, propertyCurrency: currency } = parsed.data.data;
  return {
    propertyId: propertyID,
    name: propertyName,
    currency: currency
      ? {
          code: currency.currencyCode,
          symbol: currency.currencySymbol || currency.currencyCode,
          position: currency.currencyPosition ?? 'before',
          decimalSeparator: currency.currencyDecimalSeparator || '.',
          // An empty separator is a choice ("1234.50"), not a missing one.
          thousandsSeparator: currency.currencyThousandsSeparator ?? ',',
        }
      : null,
  };
}

export function parseReservation(raw: unknown, at: string): CloudbedsReservation {
  const reservation = record(raw, at);
  const status = string(reservation.status, `${at}.status`);
  if (!RESERVATION_STATUSES.includes(status as CloudbedsReservationStatus)) throw unreadable(`${at}.status`, `is "${status}"`);
  return defined({
    reservationId: string(reservation.reservationID, `${at}.reservationID`),
    propertyId: optNumber(reservation.propertyID, `${at}.propertyID`),
    status: status as CloudbedsReservationStatus,
    guestName: optString(reservation.guestName, `${at}.guestName`) ?? '',
    startDate: string(reservation.startDate, `${at}.startDate`),
    endDate: string(reservation.endDate, `${at}.endDate`),
    adults: optNumber(reservation.adults, `${at}.adults`) ?? 0,
    children: optNumber(reservation.children, `${at}.children`) ?? 0,
    balance: optNumber(reservation.balance, `${at}.balance`) ?? 0,
    sourceId: optString(reservation.sourceID, `${at}.sourceID`),
    sourceName: optString(reservation.sourceName, `${at}.sourceName`),
    thirdPartyIdentifier: optString(reservation.thirdPartyIdentifier, `${at}.thirdPartyIdentifier`) || undefined,
    dateCreated: string(reservation.dateCreated, `${at}.dateCreated`),
    dateModified: string(reservation.dateModified, `${at}.dateModified`),
    roomTypeIds: Array.isArray(reservation.rooms)
      ? reservation.rooms.map((room, i) => optNumber(record(room, `${at}.rooms.${i}`).roomTypeID, `${at}.rooms.${i}.roomTypeID`)).filter((id) => id !== undefined)
      : undefined,
  });
}

/** The new reservation's id, and the check-out it has (a replay answers the first booking's). */
export function parsePostReservation(body: unknown): { reservationId: string; endDate?: string } {
  const answer = record(body, 'answer');
  return defined({ reservationId: string(answer.reservationID, 'reservationID'), endDate: optString(answer.endDate, 'endDate') });
}

/** `data.api.url` of /oauth/metadata as an API base: the host Cloudbeds names, with `/api/v1.3` when it has no path. */
export function parseApiUrl(body: unknown): string {
  const url = string(record(record(record(body, 'answer').data, 'data').api, 'data.api').url, 'data.api.url').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(url)) throw unreadable('data.api.url', 'is not a URL');
  return /\/api\/v\d+(\.\d+)?$/.test(url) ? url : `${url}/api/v1.3`;
}

/** The access_token answer: the token, its lifetime, and the refresh token when Cloudbeds sends one. */
export function parseAccessToken(body: unknown): { accessToken: string; expiresInS: number; refreshToken?: string } {
  const answer = record(body, 'answer');
  return defined({
    accessToken: string(answer.access_token, 'access_token'),
    expiresInS: optNumber(answer.expires_in, 'expires_in') ?? 3600,
    refreshToken: optString(answer.refresh_token, 'refresh_token') || undefined,
  });
}
