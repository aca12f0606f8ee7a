import { isIsoDate } from '../../../shared/iso-date.js';
import { RemoteError } from '../../queue/remote-error.js';
import {
  BEDS24_BOOKING_STATUSES,
  BEDS24_OVERRIDES,
  type BookingQuery,
  type BookingWrite,
  type RoomCalendarQuery,
  type RoomCalendarWrite,
} from './beds24-types.js';

/**
 * What the Beds24 connector refuses before sending: malformed dates and ids, values outside the
 * ranges `apiV2.yaml` documents, and calls Beds24 would answer with nothing. What only Beds24
 * can judge (unknown rooms, a departure before the arrival, negative prices) is left to it.
 */

function refuse(field: string, message: string): never {
  throw new RemoteError('validation', message, { field });
}

function date(value: unknown, field: string, prefix = ''): string {
  if (!isIsoDate(value)) refuse(field, `${prefix}${field} must be a date YYYY-MM-DD, not ${JSON.stringify(value)}`);
  return value;
}

function ids(value: unknown, field: string): number[] {
  if (!Array.isArray(value) || !value.every((id) => Number.isSafeInteger(id) && id > 0)) refuse(field, `${field} must be a list of positive integers`);
  return value as number[];
}

const isInt = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/** `modifiedFrom` as Beds24 wants it: `YYYY-MM-DDTHH:MM:SS` in UTC. */
function dateTime(value: string | Date, field: string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) refuse(field, `${field} is not a valid date`);
    return value.toISOString().slice(0, 19);
  }
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}Z`))) {
    refuse(field, `${field} must be YYYY-MM-DDTHH:MM:SS (UTC), not ${JSON.stringify(value)}`);
  }
  return value;
}

export function bookingQueryParams(query: BookingQuery): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (query.modifiedFrom !== undefined) params.modifiedFrom = dateTime(query.modifiedFrom, 'modifiedFrom');
  if (query.arrivalFrom !== undefined) params.arrivalFrom = date(query.arrivalFrom, 'arrivalFrom');
  if (query.arrivalTo !== undefined) params.arrivalTo = date(query.arrivalTo, 'arrivalTo');
  if (query.arrivalFrom && query.arrivalTo && query.arrivalTo < query.arrivalFrom) refuse('arrivalTo', 'arrivalTo must not be before arrivalFrom');
  if (query.status !== undefined && query.status.length > 0) {
    const unknown = query.status.find((status) => !BEDS24_BOOKING_STATUSES.includes(status));
    if (unknown !== undefined) refuse('status', `status "${String(unknown)}" is not one of ${BEDS24_BOOKING_STATUSES.join(', ')}`);
    params.status = query.status;
  }
  if (query.propertyIds !== undefined) params.propertyId = ids(query.propertyIds, 'propertyIds');
  return params;
}

/** Text fields with the spec's maximum lengths. */
const TEXT_LIMITS = { title: 100, firstName: 100, lastName: 100, email: 100, phone: 100, mobile: 100, comments: 1000, notes: 2000, apiReference: 100 };
const BOOKING_FIELDS = new Set(['id', 'roomId', 'unitId', 'status', 'arrival', 'departure', 'numAdult', 'numChild', 'price', ...Object.keys(TEXT_LIMITS)]);

/** The JSON array for POST /bookings, with only the fields that were given. */
export function bookingWriteBody(items: BookingWrite[]): Record<string, unknown>[] {
  if (!Array.isArray(items) || items.length === 0) refuse('items', 'Send at least one booking');
  return items.map((item, i) => {
    const at = `Booking ${i + 1}: `;
    if (item === null || typeof item !== 'object') refuse('items', `${at}must be an object`);
    const body = Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined));
    for (const field of Object.keys(body)) if (!BOOKING_FIELDS.has(field)) refuse(field, `${at}${field} is not a booking field`);
    if (body.id !== undefined && !isInt(body.id, 1, Number.MAX_SAFE_INTEGER)) refuse('id', `${at}id must be a positive integer`);
    if (body.id === undefined) {
      for (const field of ['roomId', 'arrival', 'departure']) if (body[field] === undefined) refuse(field, `${at}${field} is required to create a booking`);
    }
    for (const field of ['roomId', 'unitId']) {
      if (body[field] !== undefined && !isInt(body[field], 1, Number.MAX_SAFE_INTEGER)) refuse(field, `${at}${field} must be a positive integer`);
    }
    for (const field of ['arrival', 'departure']) if (body[field] !== undefined) date(body[field], field, at);
    for (const field of ['numAdult', 'numChild']) {
      if (body[field] !== undefined && !isInt(body[field], 0, 99)) refuse(field, `${at}${field} must be an integer from 0 to 99`);
    }
    if (body.price !== undefined && !(typeof body.price === 'number' && body.price >= 0 && body.price <= 99_999_999.99)) {
      refuse('price', `${at}price must be a number from 0 to 99999999.99`);
    }
    if (body.status !== undefined && !BEDS24_BOOKING_STATUSES.includes(body.status as never)) {
      refuse('status', `${at}status must be one of ${BEDS24_BOOKING_STATUSES.join(', ')}`);
    }
    for (const [field, max] of Object.entries(TEXT_LIMITS)) {
      const value = body[field];
      if (value !== undefined && (typeof value !== 'string' || value.length > max)) refuse(field, `${at}${field} must be text of at most ${max} characters`);
    }
    return body;
  });
}

const INCLUDE_FLAGS = ['includeNumAvail', 'includeMinStay', 'includeMaxStay', 'includeMultiplier', 'includeOverride', 'includePrices'] as const;

export function calendarQueryParams(query: RoomCalendarQuery): Record<string, unknown> {
  const params: Record<string, unknown> = { startDate: date(query.startDate, 'startDate'), endDate: date(query.endDate, 'endDate') };
  const flags = INCLUDE_FLAGS.filter((name) => query[name] === true);
  // Without one, Beds24 answers every room with an empty calendar: a call that cannot be meant.
  if (flags.length === 0) refuse('include', `Ask for at least one of ${INCLUDE_FLAGS.join(', ')}: Beds24 returns no values without one`);
  for (const name of flags) params[name] = true;
  if (query.roomIds !== undefined) params.roomId = ids(query.roomIds, 'roomIds');
  if (query.propertyIds !== undefined) params.propertyId = ids(query.propertyIds, 'propertyIds');
  return params;
}

const PRICE_FIELDS = new Set(Array.from({ length: 16 }, (_, i) => `price${i + 1}`));
const RESTRICTIONS: Record<string, (value: unknown) => boolean> = {
  numAvail: (value) => isInt(value, -999, 999),
  minStay: (value) => isInt(value, 1, 365),
  maxStay: (value) => isInt(value, 1, 364),
  multiplier: (value) => typeof value === 'number' && value >= 0.1 && value <= 100,
  override: (value) => BEDS24_OVERRIDES.includes(value as never),
};
const RANGES: Record<string, string> = {
  numAvail: 'an integer',
  minStay: 'an integer from 1 to 365',
  maxStay: 'an integer from 1 to 364',
  multiplier: 'a number from 0.1 to 100',
  override: `one of ${BEDS24_OVERRIDES.join(', ')}`,
};

export function calendarWriteBody(items: RoomCalendarWrite[]): RoomCalendarWrite[] {
  if (!Array.isArray(items) || items.length === 0) refuse('items', 'Send at least one room calendar');
  return items.map((item, i) => {
    if (!isInt(item?.roomId, 1, Number.MAX_SAFE_INTEGER)) refuse('roomId', `Room calendar ${i + 1}: roomId must be a positive integer`);
    if (!Array.isArray(item.calendar) || item.calendar.length === 0) refuse('calendar', `Room ${item.roomId}: calendar must list at least one range`);
    const calendar = item.calendar.map((range, j) => {
      const at = `Room ${item.roomId}, range ${j + 1}: `;
      const body = Object.fromEntries(Object.entries(range).filter(([, value]) => value !== undefined)) as Record<string, unknown>;
      date(body.from, 'from', at);
      date(body.to, 'to', at);
      for (const [field, value] of Object.entries(body)) {
        if (field === 'from' || field === 'to' || value === null) continue;
        if (PRICE_FIELDS.has(field)) {
          if (typeof value !== 'number' || !Number.isFinite(value)) refuse(field, `${at}${field} must be a number`);
        } else if (RESTRICTIONS[field]) {
          if (!RESTRICTIONS[field](value)) refuse(field, `${at}${field} must be ${RANGES[field]}`);
        } else refuse(field, `${at}${field} is not a calendar field`);
      }
      return body as RoomCalendarWrite['calendar'][number];
    });
    return { roomId: item.roomId, calendar };
  });
}
