import type { Hotel, Reservation, ReservationStatus } from '../hotel.js';
import { isoDate, json, text, type ApiContext, type SandboxRequest, type SandboxResponse } from '../kit.js';
import { fail, formatDateTime, freeRoom, idList, nightsOf, parseDateTime, positiveInt } from './cloudbeds-format.js';
import type { RateDesk } from './cloudbeds-rates.js';

const STATUSES: readonly ReservationStatus[] = ['not_confirmed', 'confirmed', 'canceled', 'checked_in', 'checked_out', 'no_show'];
const PAYMENT_METHODS = ['cash', 'credit', 'ebanking', 'pay_pal'];
/** getReservations pages hold at most this many (the spec: "Results page size. Max = 100"). */
export const MAX_RESERVATIONS_PAGE = 100;
/** Primary sources as this hotel has them; third-party sources are `ss-<id>-<0|1>`. */
const SOURCES: Record<string, string> = { 's-1': 'Direct', 's-2': 'Walk-in', 's-3': 'Phone' };
const SOURCE_ID = /^(s-\d+|ss-\d+-[01])$/;

const round2 = (value: number) => Math.round(value * 100) / 100;
const asList = (value: unknown): Record<string, unknown>[] =>
  (Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : []).filter(
    (item): item is Record<string, unknown> => item !== null && typeof item === 'object',
  );

/** One page of a list and the paging fields Cloudbeds sends with it, or the error for bad paging. */
function page<T>(items: T[], query: Record<string, unknown>, defaultSize: number, maxSize: number) {
  const pageNumber = positiveInt(query.pageNumber, 1);
  const pageSize = positiveInt(query.pageSize, defaultSize);
  if (pageNumber === null) return fail('Invalid Parameter Format for pageNumber');
  if (pageSize === null || pageSize > maxSize) return fail(`Invalid Parameter Format for pageSize (1 to ${maxSize})`);
  const data = items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return { data, count: data.length, total: items.length };
}

/**
 * Room types and reservations as Cloudbeds serves them for the shared hotel. Cloudbeds lists the
 * bookings it owns (source `cloudbeds`, including those posted to it); postReservation books
 * one room (the sandbox does not split multi-room bookings) and de-duplicates through
 * `thirdPartyIdentifier`: a replay answers with the first reservationID and counts a duplicate.
 */
export function createBookingDesk(context: ApiContext, hotel: Hotel, rates: RateDesk) {
  const guestIds = new Map<string, string>();
  const posted = new Map<string, unknown>();
  let nextReservation = 7_061_390_000_001;

  const guestIdOf = (reservationId: string): string => {
    if (!guestIds.has(reservationId)) guestIds.set(reservationId, String(48_200_000 + guestIds.size + 1));
    return guestIds.get(reservationId)!;
  };
  const sourceIdOf = (channel: string) => Object.entries(SOURCES).find(([, name]) => name === channel)?.[0] ?? 's-1';

  function reservationRow(r: Reservation) {
    return {
      propertyID: String(hotel.propertyId),
      reservationID: r.cloudbedsReservationId ?? r.id,
      dateCreated: formatDateTime(r.createdAt),
      dateModified: formatDateTime(r.modifiedAt),
      status: r.status,
      guestID: guestIdOf(r.id),
      guestName: `${r.firstName} ${r.lastName}`,
      startDate: r.startDate,
      endDate: r.endDate,
      adults: String(r.adults),
      children: String(r.children),
      balance: r.status === 'checked_out' || r.status === 'canceled' ? 0 : r.total,
      sourceName: r.channel,
      sourceID: sourceIdOf(r.channel),
      ...(r.thirdPartyIdentifier !== undefined ? { thirdPartyIdentifier: r.thirdPartyIdentifier } : {}),
    };
  }

  /** The reservations Cloudbeds holds: its own, and channel bookings it was told of. */
  const isCloudbeds = (r: Reservation) => r.source === 'cloudbeds' || r.cloudbedsReservationId !== undefined;

  function adoptChannelStay(stay: Reservation, thirdPartyIdentifier: string, roomTypeId: number, adults: number, children: number): SandboxResponse {
    const reservationID = String(nextReservation++);
    const now = context.now();
    stay.cloudbedsReservationId = reservationID;
    stay.thirdPartyIdentifier = thirdPartyIdentifier;
    const answer = {
      success: true,
      reservationID,
      status: stay.status,
      guestID: guestIdOf(reservationID),
      guestFirstName: stay.firstName,
      guestLastName: stay.lastName,
      guestEmail: stay.email,
      startDate: stay.startDate,
      endDate: stay.endDate,
      dateCreated: formatDateTime(now),
      grandTotal: stay.total,
      unassigned: [{ subReservationID: `${reservationID}-1`, roomTypeID: String(roomTypeId), adults, children, roomTotal: stay.total }],
    };
    context.ledger.record({ api: 'cloudbeds', kind: 'reservation', key: thirdPartyIdentifier, at: now, data: answer });
    posted.set(thirdPartyIdentifier, answer);
    return json(200, answer);
  }

  return {
    /**
     * `PUT /putReservation` (form): a reservation's status or check-out date. Setting the status it
     * already has changes nothing and counts as a duplicate.
     */
    putReservation(request: SandboxRequest): SandboxResponse {
      const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
      const id = text(body.reservationID)?.trim();
      if (!id) return fail('Parameter reservationID is required');
      const r = hotel.reservations.find((candidate) => isCloudbeds(candidate) && (candidate.cloudbedsReservationId ?? candidate.id) === id);
      if (!r) return fail(`Reservation ${id} was not found for reservationID`);
      const status = text(body.status);
      if (status !== undefined && !STATUSES.includes(status as ReservationStatus)) return fail('Invalid Parameter Format for status');
      const checkoutDate = body.checkoutDate === undefined ? undefined : isoDate(body.checkoutDate);
      if (body.checkoutDate !== undefined && (!checkoutDate || checkoutDate <= r.startDate)) return fail('Invalid Parameter Format for checkoutDate');
      if (status === undefined && checkoutDate === undefined) return fail('Nothing to change: send status or checkoutDate');
      const key = `update:${id}:${status ?? r.status}:${checkoutDate ?? r.endDate}`;
      const recorded = context.ledger.record({ api: 'cloudbeds', kind: 'reservation-update', key, at: context.now(), data: { reservationID: id, status, checkoutDate } });
      if (!recorded.duplicate) {
        if (status !== undefined) r.status = status as ReservationStatus;
        if (checkoutDate !== undefined) r.endDate = checkoutDate;
        r.modifiedAt = context.now();
      }
      return json(200, { success: true, data: reservationRow(r) });
    },

    /** `GET /getRoomTypes`: paged with pageNumber/pageSize (default 20). */
    getRoomTypes(request: SandboxRequest): SandboxResponse {
      const wanted = idList(request.query.roomTypeIDs);
      const types = hotel.roomTypes
        .filter((type) => wanted.length === 0 || wanted.includes(String(type.id)))
        .map((type) => ({
          roomTypeID: String(type.id),
          propertyID: String(hotel.propertyId),
          roomTypeName: type.name,
          roomTypeNameShort: type.shortName,
          roomTypeDescription: `${type.name} at ${hotel.name}`,
          isPrivate: true,
          maxGuests: type.maxGuests,
          adultsIncluded: Math.min(2, type.maxGuests),
          childrenIncluded: 0,
        }));
      const paged = page(types, request.query, 20, 100);
      return 'status' in paged ? paged : json(200, { success: true, ...paged });
    },

    /** `GET /getReservations`: filtered by modification or booking date-time and status, oldest change first. */
    getReservations(request: SandboxRequest): SandboxResponse {
      const { query } = request;
      const status = text(query.status);
      if (status !== undefined && !STATUSES.includes(status as ReservationStatus)) return fail('Invalid Parameter Format for status');
      const bounds: Partial<Record<'modifiedFrom' | 'modifiedTo' | 'resultsFrom' | 'resultsTo', number>> = {};
      for (const name of ['modifiedFrom', 'modifiedTo', 'resultsFrom', 'resultsTo'] as const) {
        if (query[name] === undefined) continue;
        const at = parseDateTime(query[name]);
        if (at === undefined) return fail(`Invalid Parameter Format for ${name}`);
        bounds[name] = at;
      }
      if (bounds.modifiedFrom !== undefined && bounds.modifiedTo !== undefined && bounds.modifiedTo < bounds.modifiedFrom) {
        return fail('modifiedTo is before modifiedFrom for modifiedTo');
      }
      const list = hotel.reservations
        .filter((r) => isCloudbeds(r) && (status === undefined || r.status === status))
        .filter((r) => (bounds.modifiedFrom ?? -Infinity) <= r.modifiedAt && r.modifiedAt <= (bounds.modifiedTo ?? Infinity))
        .filter((r) => (bounds.resultsFrom ?? -Infinity) <= r.createdAt && r.createdAt <= (bounds.resultsTo ?? Infinity))
        .sort((a, b) => a.modifiedAt - b.modifiedAt || a.id.localeCompare(b.id));
      const paged = page(list, query, MAX_RESERVATIONS_PAGE, MAX_RESERVATIONS_PAGE);
      // Rooms come with each reservation only when asked for (`includeAllRooms`).
      const withRooms = text(query.includeAllRooms) === 'true';
      const row = (r: Reservation) => {
        const type = hotel.roomTypes.find((candidate) => candidate.id === r.roomTypeId)!;
        return withRooms ? { ...reservationRow(r), rooms: [{ roomTypeID: String(type.id), roomTypeName: type.name, roomTypeIsVirtual: false, roomID: r.roomId }] } : reservationRow(r);
      };
      return 'status' in paged ? paged : json(200, { success: true, data: paged.data.map(row), count: paged.count, total: paged.total });
    },

    /** `POST /postReservation`: books one room for a guest, once per thirdPartyIdentifier. */
    postReservation(request: SandboxRequest): SandboxResponse {
      const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
      for (const name of ['startDate', 'endDate', 'guestFirstName', 'guestLastName', 'guestEmail']) {
        if (!text(body[name])?.trim()) return fail(`Parameter ${name} is required`);
      }
      const startDate = isoDate(body.startDate);
      const endDate = isoDate(body.endDate);
      if (!startDate) return fail('Invalid Parameter Format for startDate');
      if (!endDate) return fail('Invalid Parameter Format for endDate');
      if (endDate <= startDate) return fail('Check-out must be after check-in for endDate');
      const email = text(body.guestEmail)!.trim();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return fail('Invalid Parameter Format for guestEmail');
      const sourceID = text(body.sourceID);
      if (sourceID !== undefined && !SOURCE_ID.test(sourceID)) return fail('Invalid Parameter Format for sourceID');
      const paymentMethod = text(body.paymentMethod);
      if (paymentMethod !== undefined && !PAYMENT_METHODS.includes(paymentMethod)) return fail('Invalid Parameter Format for paymentMethod');

      const rooms = asList(body.rooms);
      if (rooms.length === 0) return fail('Parameter rooms is required');
      const units = rooms.reduce((sum, room) => sum + (positiveInt(room.quantity, 1) ?? 0), 0);
      if (rooms.some((room) => positiveInt(room.quantity, 1) === null)) return fail('Invalid Parameter Format for rooms[0][quantity]');
      if (units !== 1) return fail(`The sandbox books one room per reservation, ${units} were asked for rooms`);
      const room = rooms[0]!;
      const roomType = hotel.roomTypes.find((type) => String(type.id) === text(room.roomTypeID));
      if (!roomType) return fail(`Room type ${text(room.roomTypeID) ?? ''} was not found for rooms[0][roomTypeID]`);
      const rateId = text(room.roomRateID);
      const plan = rates.plans.get(rateId === undefined ? roomType.rateId : Number(rateId));
      if (!plan || plan.roomType !== roomType) return fail(`Rate ${rateId ?? ''} does not belong to room type ${roomType.id} for rooms[0][roomRateID]`);
      const count = (name: 'adults' | 'children') =>
        asList(body[name])
          .filter((entry) => text(entry.roomTypeID) === String(roomType.id))
          .reduce((sum, entry) => sum + Number(text(entry.quantity) ?? 0), 0);
      const adults = count('adults');
      const children = count('children');
      if (!Number.isInteger(adults) || adults < 1) return fail('Parameter adults is required');
      if (!Number.isInteger(children) || children < 0) return fail('Invalid Parameter Format for children');
      if (adults + children > roomType.maxGuests) return fail(`${roomType.name} takes at most ${roomType.maxGuests} guests for adults`);

      // A replay is answered as the first time, before availability: its own booking holds the room.
      const thirdPartyIdentifier = text(body.thirdPartyIdentifier)?.trim() || undefined;
      const first = thirdPartyIdentifier === undefined ? undefined : posted.get(thirdPartyIdentifier);
      if (first !== undefined) {
        context.ledger.record({ api: 'cloudbeds', kind: 'reservation', key: thirdPartyIdentifier!, at: context.now(), data: first });
        return json(200, first);
      }

      // The hotel is one: a channel booking Cloudbeds is told of is the same stay, in the same room,
      // known by its Beds24 id, or by the reference it was booked at Beds24 with (a walk-in sent to both).
      const channelStay =
        thirdPartyIdentifier === undefined
          ? undefined
          : hotel.reservations.find(
              (r) => r.source === 'beds24' && r.cloudbedsReservationId === undefined && (String(r.beds24BookingId) === thirdPartyIdentifier || r.thirdPartyIdentifier === thirdPartyIdentifier),
            );
      if (channelStay) return adoptChannelStay(channelStay, thirdPartyIdentifier!, roomType.id, adults, children);

      const nights = nightsOf(startDate, endDate);
      const unrated = nights.find((date) => rates.rateOf(plan, date) === null);
      if (unrated) return fail(`There is no rate for ${roomType.name} on ${unrated} for rooms[0][roomRateID]`);
      const roomId = freeRoom(hotel, roomType, nights);
      if (!roomId) return fail(`There is no availability for ${roomType.name} from ${startDate} to ${endDate}`);
      const reservationID = String(nextReservation++);
      const dailyRates = nights.map((date) => ({ date, rate: rates.rateOf(plan, date) ?? 0 }));
      const total = round2(dailyRates.reduce((sum, night) => sum + night.rate, 0));
      const now = context.now();
      const firstName = text(body.guestFirstName)!.trim();
      const lastName = text(body.guestLastName)!.trim();
      const answer = {
        success: true,
        reservationID,
        status: 'confirmed',
        guestID: guestIdOf(reservationID),
        guestFirstName: firstName,
        guestLastName: lastName,
        guestEmail: email,
        startDate,
        endDate,
        dateCreated: formatDateTime(now),
        grandTotal: total,
        unassigned: [
          { subReservationID: `${reservationID}-1`, roomTypeName: roomType.name, roomTypeID: String(roomType.id), adults, children, dailyRates, roomTotal: total },
        ],
      };
      context.ledger.record({ api: 'cloudbeds', kind: 'reservation', key: thirdPartyIdentifier ?? `reservation:${reservationID}`, at: now, data: answer });
      if (thirdPartyIdentifier !== undefined) posted.set(thirdPartyIdentifier, answer);
      hotel.reservations.push({
        id: reservationID,
        source: 'cloudbeds',
        status: 'confirmed',
        firstName,
        lastName,
        email,
        roomTypeId: roomType.id,
        roomId,
        startDate,
        endDate,
        adults,
        children,
        total,
        channel: SOURCES[sourceID ?? 's-1'] ?? `Channel ${sourceID}`,
        createdAt: now,
        modifiedAt: now,
        ...(thirdPartyIdentifier !== undefined ? { thirdPartyIdentifier } : {}),
      });
      return json(200, answer);
    },
  };
}
