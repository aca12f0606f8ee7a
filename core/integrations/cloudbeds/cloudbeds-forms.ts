import { isIsoDate } from '../../../shared/iso-date.js';
import { RemoteError } from '../../queue/remote-error.js';
import {
  RESERVATION_STATUSES,
  type NewReservation,
  type RatePlanQuery,
  type RateUpdate,
  type ReservationChange,
  type ReservationQuery,
} from './cloudbeds-types.js';

/** Cloudbeds refuses a putRate with more intervals than this (all rates of the request together). */
export const MAX_RATE_INTERVALS = 30;
/** getReservations pages hold at most this many. */
export const MAX_RESERVATIONS_PAGE_SIZE = 100;

/** Input Cloudbeds would refuse (or misread), refused before sending so the queue fails it at once. */
const refuse = (message: string, field: string) => new RemoteError('validation', `Not sent to Cloudbeds: ${message}`, { field });

const DATE_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

function isDateTime(value: unknown): value is string {
  const match = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  if (!match) return false;
  const at = new Date(`${match[1]}T${match[2]}Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 19).replace('T', ' ') === value;
}

/** A moment as Cloudbeds takes date-times: `YYYY-MM-DD HH:MM:SS` (UTC; pass an offset for the property's zone). */
export function cloudbedsDateTime(ms: number, offsetMinutes = 0): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

const isId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0;

function checkStay(startDate: unknown, endDate: unknown, at: string, allowSameDay: boolean): void {
  if (!isIsoDate(startDate)) throw refuse(`${at}startDate must be a date YYYY-MM-DD`, `${at}startDate`);
  if (!isIsoDate(endDate)) throw refuse(`${at}endDate must be a date YYYY-MM-DD`, `${at}endDate`);
  if (endDate < startDate || (!allowSameDay && endDate === startDate)) {
    throw refuse(`${at}endDate ${endDate} is ${endDate === startDate ? 'the same day as' : 'before'} startDate ${startDate}`, `${at}endDate`);
  }
}

/** putRate's form (`rates[i][rateID]`, `rates[i][interval][j][startDate|endDate|rate|blocked]`), after its limits. */
export function putRateForm(rates: RateUpdate[]): Record<string, unknown> {
  if (!Array.isArray(rates) || rates.length === 0) throw refuse('putRate needs at least one rate to write', 'rates');
  const intervals = rates.reduce((sum, rate) => sum + (Array.isArray(rate.intervals) ? rate.intervals.length : 0), 0);
  if (intervals > MAX_RATE_INTERVALS) {
    throw refuse(`Cloudbeds takes at most ${MAX_RATE_INTERVALS} rate intervals per request, ${intervals} were given`, 'rates');
  }
  return {
    rates: rates.map((rate, i) => {
      if (!isId(rate.rateId)) throw refuse(`rates[${i}].rateId must be a positive whole number`, `rates[${i}].rateId`);
      if (!Array.isArray(rate.intervals) || rate.intervals.length === 0) throw refuse(`rates[${i}] has no intervals`, `rates[${i}].intervals`);
      return {
        rateID: String(rate.rateId),
        interval: rate.intervals.map((interval, j) => {
          const at = `rates[${i}].intervals[${j}].`;
          checkStay(interval.startDate, interval.endDate, at, true);
          if (typeof interval.rate !== 'number' || !Number.isFinite(interval.rate)) throw refuse(`${at}rate must be a finite number`, `${at}rate`);
          if (interval.rate < 0) throw refuse(`${at}rate ${interval.rate} is negative`, `${at}rate`);
          return {
            startDate: interval.startDate,
            endDate: interval.endDate,
            rate: String(interval.rate),
            ...(interval.blocked !== undefined ? { blocked: String(interval.blocked) } : {}),
          };
        }),
      };
    }),
  };
}

export function ratePlansQuery(query: RatePlanQuery, propertyId: string | undefined): Record<string, unknown> {
  checkStay(query.startDate, query.endDate, '', true);
  if (query.roomTypeId !== undefined && !isId(query.roomTypeId)) throw refuse('roomTypeId must be a positive whole number', 'roomTypeId');
  return {
    startDate: query.startDate,
    endDate: query.endDate,
    ...(query.roomTypeId !== undefined ? { roomTypeID: String(query.roomTypeId) } : {}),
    ...(query.detailedRates ? { detailedRates: 'true' } : {}),
    ...(propertyId !== undefined ? { propertyIDs: propertyId } : {}),
  };
}

export function reservationsQuery(query: ReservationQuery, propertyId: string | undefined): Record<string, unknown> {
  for (const name of ['modifiedFrom', 'modifiedTo'] as const) {
    if (!isDateTime(query[name])) throw refuse(`${name} must be a date-time YYYY-MM-DD HH:MM:SS`, name);
  }
  if (query.modifiedTo < query.modifiedFrom) throw refuse(`modifiedTo ${query.modifiedTo} is before modifiedFrom ${query.modifiedFrom}`, 'modifiedTo');
  if (query.status !== undefined && !RESERVATION_STATUSES.includes(query.status)) {
    throw refuse(`status must be one of ${RESERVATION_STATUSES.join(', ')}`, 'status');
  }
  return {
    modifiedFrom: query.modifiedFrom,
    modifiedTo: query.modifiedTo,
    ...(query.status !== undefined ? { status: query.status } : {}),
    ...(query.includeAllRooms ? { includeAllRooms: 'true' } : {}),
    ...(propertyId !== undefined ? { propertyID: propertyId } : {}),
  };
}

export function pageSizeOf(pageSize: number | undefined, max: number): number {
  const size = pageSize ?? max;
  if (!Number.isInteger(size) || size < 1 || size > max) throw refuse(`pageSize must be a whole number from 1 to ${max}`, 'pageSize');
  return size;
}

/** postReservation's form: rooms, adults and children as Cloudbeds' parallel arrays keyed by room type. */
export function postReservationForm(reservation: NewReservation, propertyId: string | undefined): Record<string, unknown> {
  if (typeof reservation.thirdPartyIdentifier !== 'string' || reservation.thirdPartyIdentifier.trim() === '') {
    throw refuse('thirdPartyIdentifier is required: it is what keeps a retried booking from being made twice', 'thirdPartyIdentifier');
  }
  checkStay(reservation.startDate, reservation.endDate, '', false);
  for (const name of ['guestFirstName', 'guestLastName', 'guestEmail'] as const) {
    if (typeof reservation[name] !== 'string' || reservation[name].trim() === '') throw refuse(`${name} is required`, name);
  }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(reservation.guestEmail.trim())) throw refuse('guestEmail is not an email address', 'guestEmail');
  if (reservation.sourceId !== undefined && !/^(s-\d+|ss-\d+-[01])$/.test(reservation.sourceId)) {
    throw refuse('sourceId must look like s-<id> or ss-<id>-<0|1>', 'sourceId');
  }
  if (!Array.isArray(reservation.rooms) || reservation.rooms.length === 0) throw refuse('at least one room is required', 'rooms');
  reservation.rooms.forEach((room, i) => {
    if (!isId(room.roomTypeId)) throw refuse(`rooms[${i}].roomTypeId must be a positive whole number`, `rooms[${i}].roomTypeId`);
    if (room.rateId !== undefined && !isId(room.rateId)) throw refuse(`rooms[${i}].rateId must be a positive whole number`, `rooms[${i}].rateId`);
    if (room.quantity !== undefined && !isId(room.quantity)) throw refuse(`rooms[${i}].quantity must be 1 or more`, `rooms[${i}].quantity`);
    if (!isId(room.adults)) throw refuse(`rooms[${i}].adults must be 1 or more`, `rooms[${i}].adults`);
    if (room.children !== undefined && (!Number.isInteger(room.children) || room.children < 0)) {
      throw refuse(`rooms[${i}].children must be 0 or more`, `rooms[${i}].children`);
    }
  });
  const optional = { guestCountry: reservation.guestCountry, guestPhone: reservation.guestPhone, sourceID: reservation.sourceId };
  return {
    ...(propertyId !== undefined ? { propertyID: propertyId } : {}),
    thirdPartyIdentifier: reservation.thirdPartyIdentifier.trim(),
    startDate: reservation.startDate,
    endDate: reservation.endDate,
    guestFirstName: reservation.guestFirstName.trim(),
    guestLastName: reservation.guestLastName.trim(),
    guestEmail: reservation.guestEmail.trim(),
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
    paymentMethod: reservation.paymentMethod ?? 'cash',
    sendEmailConfirmation: String(reservation.sendEmailConfirmation ?? false),
    rooms: reservation.rooms.map((room) => ({
      roomTypeID: String(room.roomTypeId),
      quantity: String(room.quantity ?? 1),
      ...(room.rateId !== undefined ? { roomRateID: String(room.rateId) } : {}),
    })),
    adults: reservation.rooms.map((room) => ({ roomTypeID: String(room.roomTypeId), quantity: String(room.adults) })),
    children: reservation.rooms.map((room) => ({ roomTypeID: String(room.roomTypeId), quantity: String(room.children ?? 0) })),
  };
}

/** The form of `PUT /putReservation`: one reservation, its new status and/or check-out date. */
export function putReservationForm(change: ReservationChange, propertyId: string | undefined): Record<string, unknown> {
  if (typeof change.reservationId !== 'string' || !/^\S+$/.test(change.reservationId)) throw refuse('reservationId is required', 'reservationId');
  if (change.status !== undefined && !RESERVATION_STATUSES.includes(change.status)) throw refuse(`status must be one of ${RESERVATION_STATUSES.join(', ')}`, 'status');
  if (change.checkoutDate !== undefined && !isIsoDate(change.checkoutDate)) throw refuse('checkoutDate must be a date YYYY-MM-DD', 'checkoutDate');
  if (change.status === undefined && change.checkoutDate === undefined) throw refuse('nothing to change: give a status or a checkoutDate', 'status');
  return {
    ...(propertyId !== undefined ? { propertyID: propertyId } : {}),
    reservationID: change.reservationId,
    ...(change.status !== undefined ? { status: change.status } : {}),
    ...(change.checkoutDate !== undefined ? { checkoutDate: change.checkoutDate } : {}),
  };
}
