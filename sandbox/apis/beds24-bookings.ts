import type { Reservation, RoomType } from '../hotel.js';
import { isoDate, json, text, textList, type ApiContext, type SandboxRequest, type SandboxResponse } from '../kit.js';
import {
  BOOKING_STATUSES,
  beds24Error,
  beds24Time,
  dateTime,
  intList,
  pageNumber,
  pagedAnswer,
  statusFromHotel,
  type Beds24Status,
  type BookingRecord,
} from './beds24-common.js';
import { createBookingWrites } from './beds24-booking-writes.js';

/** What GET /bookings returns when `status` is not given: everything but cancelled. */
const DEFAULT_STATUSES: Beds24Status[] = ['confirmed', 'request', 'new', 'black', 'inquiry'];

// Channel names of the seeded hotel as Beds24's `channel` enum spells them.
const CHANNEL_CODES: Record<string, string> = { 'Booking.com': 'booking', Expedia: 'expedia', Agoda: 'agoda', Airbnb: 'airbnb' };
const FIRST_BOOKING_ID = 61_200_001;
const DATE_PARAMS = ['arrival', 'arrivalFrom', 'arrivalTo', 'departure', 'departureFrom', 'departureTo'] as const;
const TIME_PARAMS = ['modifiedFrom', 'modifiedTo', 'bookingTimeFrom', 'bookingTimeTo'] as const;
const FILTERS = ['arrivals', 'departures', 'new', 'current'];
/** Parameters that choose bookings by date or identity; without any of them only upcoming ones come back. */
const SELECTING_PARAMS = [...DATE_PARAMS, 'id', 'masterId', 'apiReference', 'filter'];

/**
 * GET and POST /bookings over the hotel's reservations whose source is Beds24. Writes change
 * the shared hotel (so the other simulated systems see them) and are recorded in the ledger.
 */
export function createBeds24Bookings(context: ApiContext) {
  const hotel = context.hotel;
  const records = new Map<number, BookingRecord>();
  hotel.reservations
    .filter((reservation) => reservation.source === 'beds24')
    .forEach((reservation, i) => {
      const id = FIRST_BOOKING_ID + i;
      reservation.beds24BookingId = id;
      records.set(id, {
        id,
        reservation,
        status: statusFromHotel(reservation.status),
        apiReference: reservation.thirdPartyIdentifier ?? String(3_800_000_000 + id),
        cancelTime: reservation.status === 'canceled' ? reservation.modifiedAt : null,
        extra: {},
        version: 0,
      });
    });

  const typeOf = (reservation: Reservation): RoomType => hotel.roomTypes.find((type) => type.id === reservation.roomTypeId)!;
  const unitIdOf = (reservation: Reservation): number =>
    hotel.rooms.filter((room) => room.roomTypeId === reservation.roomTypeId).findIndex((room) => room.id === reservation.roomId) + 1;

  function toBooking(record: BookingRecord): Record<string, unknown> {
    const r = record.reservation;
    const channel = CHANNEL_CODES[r.channel];
    return {
      id: record.id,
      propertyId: hotel.propertyId,
      roomId: typeOf(r).beds24RoomId,
      unitId: unitIdOf(r),
      roomQty: 1,
      status: record.status,
      subStatus: r.status === 'no_show' ? 'noShow' : 'none',
      arrival: r.startDate,
      departure: r.endDate,
      numAdult: r.adults,
      numChild: r.children,
      title: record.extra.title ?? '',
      firstName: r.firstName,
      lastName: r.lastName,
      email: r.email,
      phone: record.extra.phone ?? '',
      mobile: record.extra.mobile ?? '',
      comments: record.extra.comments ?? '',
      notes: record.extra.notes ?? '',
      price: r.total,
      referer: r.channel,
      apiSource: r.channel,
      ...(channel ? { channel } : {}),
      apiReference: record.apiReference,
      bookingTime: beds24Time(r.createdAt),
      modifiedTime: beds24Time(r.modifiedAt),
      cancelTime: record.cancelTime === null ? null : beds24Time(record.cancelTime),
    };
  }

  function list(request: SandboxRequest): SandboxResponse {
    const q = request.query;
    const page = pageNumber(q.page);
    if (page === null) return beds24Error(400, 'page must be a positive integer');
    const statuses = textList(q.status);
    const unknown = statuses.find((status) => !BOOKING_STATUSES.includes(status as Beds24Status));
    if (unknown !== undefined) return beds24Error(400, `status "${unknown}" is not one of ${BOOKING_STATUSES.join(', ')}`);
    const lists = { id: intList(q.id), propertyId: intList(q.propertyId), roomId: intList(q.roomId) };
    for (const [name, value] of Object.entries(lists)) if (value === null) return beds24Error(400, `${name} must be a list of integers`);
    const dates: Partial<Record<(typeof DATE_PARAMS)[number], string>> = {};
    for (const name of DATE_PARAMS) {
      if (q[name] === undefined) continue;
      const date = isoDate(q[name]);
      if (date === undefined) return beds24Error(400, `${name} must be a date in the format YYYY-MM-DD`);
      dates[name] = date;
    }
    const times: Partial<Record<(typeof TIME_PARAMS)[number], number>> = {};
    for (const name of TIME_PARAMS) {
      if (q[name] === undefined) continue;
      const at = dateTime(q[name]);
      if (at === undefined) return beds24Error(400, `${name} must be a date and time in the format YYYY-MM-DDTHH:MM:SS`);
      times[name] = at;
    }
    const filter = text(q.filter);
    if (q.filter !== undefined && (filter === undefined || !FILTERS.includes(filter))) return beds24Error(400, `filter must be one of ${FILTERS.join(', ')}`);
    const apiReferences = textList(q.apiReference);
    const search = text(q.searchString)?.toLowerCase();
    const wanted = new Set<string>(statuses.length > 0 ? statuses : DEFAULT_STATUSES);
    const today = hotel.today;
    // "By default only upcoming bookings will be returned": a date or identity filter replaces that default.
    const upcomingOnly = !SELECTING_PARAMS.some((name) => q[name] !== undefined);

    const matches = [...records.values()].filter((record) => {
      const r = record.reservation;
      const booking = { roomId: typeOf(r).beds24RoomId, arrival: r.startDate, departure: r.endDate };
      if (!wanted.has(record.status)) return false;
      if (lists.id && !lists.id.includes(record.id)) return false;
      if (lists.propertyId && !lists.propertyId.includes(hotel.propertyId)) return false;
      if (lists.roomId && !lists.roomId.includes(booking.roomId)) return false;
      if (apiReferences.length > 0 && !apiReferences.includes(record.apiReference)) return false;
      if (upcomingOnly && booking.departure < today) return false;
      if (dates.arrival && booking.arrival !== dates.arrival) return false;
      if (dates.arrivalFrom && booking.arrival < dates.arrivalFrom) return false;
      if (dates.arrivalTo && booking.arrival > dates.arrivalTo) return false;
      if (dates.departure && booking.departure !== dates.departure) return false;
      if (dates.departureFrom && booking.departure < dates.departureFrom) return false;
      if (dates.departureTo && booking.departure > dates.departureTo) return false;
      if (times.modifiedFrom !== undefined && r.modifiedAt < times.modifiedFrom) return false;
      if (times.modifiedTo !== undefined && r.modifiedAt > times.modifiedTo) return false;
      if (times.bookingTimeFrom !== undefined && r.createdAt < times.bookingTimeFrom) return false;
      if (times.bookingTimeTo !== undefined && r.createdAt > times.bookingTimeTo) return false;
      if (filter === 'arrivals' && booking.arrival !== today) return false;
      if (filter === 'departures' && booking.departure !== today) return false;
      if (filter === 'new' && r.createdAt < context.now() - 86_400_000) return false;
      if (filter === 'current' && !(booking.arrival <= today && booking.departure >= today)) return false;
      if (search && ![r.firstName, r.lastName, r.email, record.apiReference, String(record.id)].some((f) => f.toLowerCase().includes(search))) {
        return false;
      }
      return true;
    });
    matches.sort((a, b) => a.id - b.id);
    return pagedAnswer(request, 'booking', matches.map(toBooking), page);
  }

  const writes = createBookingWrites(context, records, FIRST_BOOKING_ID + records.size);

  return {
    list,
    write(body: unknown): SandboxResponse {
      if (!Array.isArray(body)) return beds24Error(400, 'The body must be a JSON array of bookings');
      return json(201, body.map((item) => writes.writeOne(item)));
    },
    /** For tests and the calendar: the booking records by id. */
    records: () => records,
    /** One booking as GET /bookings shows it (what a webhook carries). */
    bookingOf: (id: number) => {
      const record = records.get(id);
      return record ? toBooking(record) : undefined;
    },
    /** The id the next new booking gets (channel bookings made by the control API share the sequence). */
    takeId: () => writes.takeId(),
  };
}
