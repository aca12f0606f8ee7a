import type { Reservation, RoomType } from '../hotel.js';
import { isoDate, type ApiContext } from '../kit.js';
import type { Effect } from '../ledger.js';
import {
  BOOKING_STATUSES,
  contentHash,
  isInt,
  isRecord,
  statusToHotel,
  type Beds24Status,
  type BookingRecord,
  type ItemAnswer,
  type ItemMessage,
} from './beds24-common.js';

/** Text fields a booking accepts, with the spec's maximum lengths. */
const TEXT_LIMITS: Record<string, number> = {
  title: 100,
  firstName: 100,
  lastName: 100,
  email: 100,
  phone: 100,
  mobile: 100,
  comments: 1000,
  notes: 2000,
  apiReference: 100,
};
const NUMBER_FIELDS = ['id', 'roomId', 'unitId', 'numAdult', 'numChild', 'price'];
/** Read below; `actions` and `roomQty` are accepted and ignored (the sandbox does not model them). */
const OTHER_FIELDS = ['status', 'arrival', 'departure', 'actions', 'roomQty'];

interface Changes {
  roomId?: number;
  unitId?: number;
  status?: Beds24Status;
  arrival?: string;
  departure?: string;
  numAdult?: number;
  numChild?: number;
  price?: number;
  text: Record<string, string>;
}

/**
 * POST /bookings, one item at a time: with `id` a modification, without one a new booking.
 * A rejected item is answered with its errors (the others still go through). New bookings are
 * de-duplicated by `apiReference`, modifications by booking id and content; a replay is
 * answered as the first time and counted as a duplicate in the ledger.
 */
export function createBookingWrites(context: ApiContext, records: Map<number, BookingRecord>, firstNewId: number) {
  const hotel = context.hotel;
  let nextId = firstNewId;

  const typeByRoomId = (roomId: number): RoomType | undefined => hotel.roomTypes.find((type) => type.beds24RoomId === roomId);
  const unitsOf = (type: RoomType) => hotel.rooms.filter((room) => room.roomTypeId === type.id);

  /** The first unit free for the stay (Beds24 assigns one when none is given), else the first. */
  function freeUnit(type: RoomType, arrival: string, departure: string, except?: Reservation): number {
    const units = unitsOf(type);
    const index = units.findIndex(
      (room) =>
        !hotel.reservations.some(
          (r) => r !== except && r.roomId === room.id && r.status !== 'canceled' && r.startDate < departure && r.endDate > arrival,
        ),
    );
    return index < 0 ? 1 : index + 1;
  }

  /** Reads and checks an item's fields; `current` is the booking being modified, if any. */
  function readChanges(item: Record<string, unknown>, action: string, current?: BookingRecord) {
    const errors: ItemMessage[] = [];
    const warnings: ItemMessage[] = [];
    const fail = (field: string, message: string) => errors.push({ action, field, message });
    const changes: Changes = { text: {} };

    for (const [field, value] of Object.entries(item)) {
      if (field in TEXT_LIMITS) {
        if (typeof value !== 'string') fail(field, `${field} must be a string`);
        else if (value.length > TEXT_LIMITS[field]!) fail(field, `${field} must be at most ${TEXT_LIMITS[field]} characters`);
        else changes.text[field] = value;
      } else if (!NUMBER_FIELDS.includes(field) && !OTHER_FIELDS.includes(field)) {
        warnings.push({ action, field, message: `${field} is not a booking field and was ignored` });
      }
    }
    if (item.roomId !== undefined) {
      if (typeof item.roomId !== 'number' || !typeByRoomId(item.roomId)) fail('roomId', `roomId ${String(item.roomId)} is not a room of this account`);
      else changes.roomId = item.roomId;
    }
    if (item.unitId !== undefined) {
      if (!isInt(item.unitId, 1, 999)) fail('unitId', 'unitId must be a positive integer');
      else changes.unitId = item.unitId;
    }
    if (item.status !== undefined) {
      if (!BOOKING_STATUSES.includes(item.status as Beds24Status)) fail('status', `status must be one of ${BOOKING_STATUSES.join(', ')}`);
      else changes.status = item.status as Beds24Status;
    }
    for (const field of ['arrival', 'departure'] as const) {
      if (item[field] === undefined) continue;
      const date = isoDate(item[field]);
      if (date === undefined) fail(field, `${field} must be a date in the format YYYY-MM-DD`);
      else changes[field] = date;
    }
    if (item.numAdult !== undefined) {
      if (!isInt(item.numAdult, 1, 99)) fail('numAdult', 'numAdult must be an integer from 1 to 99');
      else changes.numAdult = item.numAdult;
    }
    if (item.numChild !== undefined) {
      if (!isInt(item.numChild, 0, 99)) fail('numChild', 'numChild must be an integer from 0 to 99');
      else changes.numChild = item.numChild;
    }
    if (item.price !== undefined) {
      if (typeof item.price !== 'number' || !(item.price >= 0 && item.price <= 99_999_999.99)) fail('price', 'price must be a number from 0 to 99999999.99');
      else changes.price = item.price;
    }

    if (!current) for (const field of ['roomId', 'arrival', 'departure'] as const) if (item[field] === undefined) fail(field, `${field} is required for a new booking`);
    const arrival = changes.arrival ?? current?.reservation.startDate;
    const departure = changes.departure ?? current?.reservation.endDate;
    if (arrival && departure && departure <= arrival && !errors.some((e) => e.field === 'arrival' || e.field === 'departure')) {
      fail('departure', 'departure must be after arrival');
    }
    const type = changes.roomId !== undefined ? typeByRoomId(changes.roomId) : current && hotel.roomTypes.find((t) => t.id === current.reservation.roomTypeId);
    if (type && changes.unitId !== undefined && changes.unitId > unitsOf(type).length) fail('unitId', `unitId ${changes.unitId} does not exist in room ${type.beds24RoomId}`);
    return { changes, errors, warnings };
  }

  /** Applies checked changes to a booking; returns the fields that were set. */
  function apply(record: BookingRecord, changes: Changes): Record<string, unknown> {
    const r = record.reservation;
    const type = changes.roomId !== undefined ? typeByRoomId(changes.roomId)! : hotel.roomTypes.find((t) => t.id === r.roomTypeId)!;
    if (changes.arrival) r.startDate = changes.arrival;
    if (changes.departure) r.endDate = changes.departure;
    if (changes.roomId !== undefined || changes.unitId !== undefined) {
      const unit = changes.unitId ?? freeUnit(type, r.startDate, r.endDate, r);
      r.roomTypeId = type.id;
      r.roomId = unitsOf(type)[unit - 1]!.id;
    }
    if (changes.numAdult !== undefined) r.adults = changes.numAdult;
    if (changes.numChild !== undefined) r.children = changes.numChild;
    if (changes.price !== undefined) r.total = changes.price;
    if (changes.status && changes.status !== record.status) {
      if (changes.status === 'cancelled') record.cancelTime = context.now();
      else if (record.status === 'cancelled') record.cancelTime = null;
      r.status = statusToHotel(changes.status, r.status);
      record.status = changes.status;
    }
    const { firstName, lastName, email, apiReference, ...extra } = changes.text;
    if (firstName !== undefined) r.firstName = firstName;
    if (lastName !== undefined) r.lastName = lastName;
    if (email !== undefined) r.email = email;
    if (apiReference !== undefined) {
      record.apiReference = apiReference;
      r.thirdPartyIdentifier = apiReference;
    }
    Object.assign(record.extra, extra);
    r.modifiedAt = context.now();
    const { text, ...fields } = changes;
    return { ...fields, ...text };
  }

  function create(item: Record<string, unknown>): ItemAnswer {
    const action = 'new booking';
    const { changes, errors, warnings } = readChanges(item, action);
    if (errors.length > 0) return { success: false, errors, ...(warnings.length ? { warnings } : {}) };
    const id = nextId;
    const apiReference = changes.text.apiReference;
    const answer: ItemAnswer = { success: true, new: { id, ...changes.text, ...withoutText(changes) }, ...(warnings.length ? { warnings } : {}) };
    const key = apiReference ? `apiReference:${apiReference}` : `id:${id}`;
    const recorded = context.ledger.record({ api: 'beds24', kind: 'booking', key, at: context.now(), data: { action: 'new', id, item, answer } });
    if (recorded.duplicate) return answerOf(recorded.original);

    nextId += 1;
    const type = typeByRoomId(changes.roomId!)!;
    const unit = changes.unitId ?? freeUnit(type, changes.arrival!, changes.departure!);
    const status = changes.status ?? 'confirmed';
    const { firstName = '', lastName = '', email = '', apiReference: _reference, ...extra } = changes.text;
    const now = context.now();
    const reservation: Reservation = {
      id: `beds24-${id}`,
      source: 'beds24',
      status: statusToHotel(status, 'confirmed'),
      firstName,
      lastName,
      email,
      roomTypeId: type.id,
      roomId: unitsOf(type)[unit - 1]!.id,
      startDate: changes.arrival!,
      endDate: changes.departure!,
      adults: changes.numAdult ?? 1,
      children: changes.numChild ?? 0,
      total: changes.price ?? 0,
      channel: 'Direct',
      createdAt: now,
      modifiedAt: now,
      ...(apiReference ? { thirdPartyIdentifier: apiReference } : {}),
      beds24BookingId: id,
    };
    hotel.reservations.push(reservation);
    records.set(id, { id, reservation, status, apiReference: apiReference ?? '', cancelTime: status === 'cancelled' ? now : null, extra, version: 0 });
    (answer.new as Record<string, unknown>).unitId = unit;
    return answer;
  }

  function modify(item: Record<string, unknown>): ItemAnswer {
    const action = 'modify booking';
    const record = typeof item.id === 'number' ? records.get(item.id) : undefined;
    if (!record) return { success: false, errors: [{ action, field: 'id', message: `Booking ${String(item.id)} does not exist` }] };
    const { changes, errors, warnings } = readChanges(item, action, record);
    if (errors.length > 0) return { success: false, errors, ...(warnings.length ? { warnings } : {}) };

    const { actions: _actions, ...content } = item;
    const hash = contentHash(content);
    const last = record.lastWrite;
    if (last && last.hash === hash && last.version === record.version) {
      const replay = context.ledger.record({ api: 'beds24', kind: 'booking', key: last.key, at: context.now(), data: null });
      if (replay.duplicate) return answerOf(replay.original);
    }
    const modified = apply(record, changes);
    record.version += 1;
    const key = `modify:${record.id}:${hash}#${record.version}`;
    const answer: ItemAnswer = { success: true, modified: { id: record.id, ...modified }, ...(warnings.length ? { warnings } : {}) };
    context.ledger.record({ api: 'beds24', kind: 'booking', key, at: context.now(), data: { action: 'modify', id: record.id, item, answer } });
    record.lastWrite = { hash, version: record.version, key };
    return answer;
  }

  return {
    takeId: () => nextId++,
    writeOne(item: unknown): ItemAnswer {
      if (!isRecord(item)) return { success: false, errors: [{ action: 'new booking', field: '', message: 'Each booking must be a JSON object' }] };
      return item.id !== undefined ? modify(item) : create(item);
    },
  };
}

function withoutText(changes: Changes): Record<string, unknown> {
  const { text: _text, ...rest } = changes;
  return rest;
}

const answerOf = (effect: Effect): ItemAnswer => (effect.data as { answer: ItemAnswer }).answer;
