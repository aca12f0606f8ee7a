import { z } from 'zod';
import type { Hotel, Reservation } from '../hotel.js';
import { addDays } from '../kit.js';
import { staysReservationId } from './stays-ids.js';

/**
 * Stays reservations changing over time, as a hotel's do between two reconciliation runs:
 * `POST /__sandbox/stays/<action>` adds, moves, cancels or deletes one (see control.ts). Each
 * change bumps the hotel's Stays revision, which the simulated API's cached listing follows.
 */

const revisions = new WeakMap<Hotel, number>();

/** Changes made through here to this hotel's Stays reservations so far. */
export const staysRevision = (hotel: Hotel) => revisions.get(hotel) ?? 0;
const touch = (hotel: Hotel) => revisions.set(hotel, staysRevision(hotel) + 1);

const date = z.iso.date();
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM');
const staysId = z.string().regex(/^[0-9a-f]{24}$/, 'must be a Stays reservation _id (24 hex digits)');
const roomNumber = z.string().regex(/^\d{3}$/, 'must be a room number such as 101');

const stay = { startDate: date, endDate: date, checkInTime: time.optional(), checkOutTime: time.optional() };
const inOrder = (value: { startDate: string; endDate: string }) => value.endDate > value.startDate;
const order = { message: 'must be after startDate', path: ['endDate'] };

export const staysChangeSchemas = {
  /** A new confirmed reservation in a room (the first room by default). */
  add: z.strictObject({ ...stay, roomNumber: roomNumber.optional(), channel: z.string().min(1).max(50).optional() }).refine(inOrder, order),
  /** New dates (and optionally times or another room) for a reservation. */
  move: z.strictObject({ _id: staysId, ...stay, roomNumber: roomNumber.optional() }).refine(inOrder, order),
  cancel: z.strictObject({ _id: staysId }),
  /** Gone from Stays altogether, as if deleted there: no longer listed, not even as cancelled. */
  delete: z.strictObject({ _id: staysId }),
} as const;
export type StaysChange = keyof typeof staysChangeSchemas;
export const STAYS_CHANGES = Object.keys(staysChangeSchemas) as StaysChange[];

export type StaysChangeOutcome = { ok: true; _id: string } | { ok: false; status: number; message: string; field?: string };

let added = 0;

function find(hotel: Hotel, id: string): Reservation | undefined {
  return hotel.reservations.find((r) => r.source === 'stays' && staysReservationId(r.id) === id);
}

function roomOf(hotel: Hotel, number: string | undefined) {
  return number === undefined ? hotel.rooms[0] : hotel.rooms.find((room) => room.number === number);
}

/** Applies one change to the hotel's Stays reservations; the body has passed its schema. */
export function changeStays(hotel: Hotel, action: StaysChange, body: Record<string, unknown>, now: number): StaysChangeOutcome {
  if (action === 'add') {
    const input = body as z.infer<(typeof staysChangeSchemas)['add']>;
    const room = roomOf(hotel, input.roomNumber);
    if (!room) return { ok: false, status: 400, message: `roomNumber: the hotel has no room ${input.roomNumber}`, field: 'roomNumber' };
    added += 1;
    const reservation: Reservation = {
      id: `stays-added-${now}-${added}`,
      source: 'stays',
      status: 'confirmed',
      firstName: 'Alex',
      lastName: 'Walker',
      email: `alex.walker.${added}@example.com`,
      roomTypeId: room.roomTypeId,
      roomId: room.id,
      startDate: input.startDate,
      endDate: input.endDate,
      adults: 2,
      children: 0,
      total: 120,
      channel: input.channel ?? 'Stays direct',
      createdAt: now,
      modifiedAt: now,
      ...(input.checkInTime ? { checkInTime: input.checkInTime } : {}),
      ...(input.checkOutTime ? { checkOutTime: input.checkOutTime } : {}),
    };
    hotel.reservations.push(reservation);
    touch(hotel);
    return { ok: true, _id: staysReservationId(reservation.id) };
  }
  const id = body._id as string;
  const reservation = find(hotel, id);
  if (!reservation) return { ok: false, status: 404, message: `_id: no Stays reservation ${id}`, field: '_id' };
  if (action === 'move') {
    const input = body as z.infer<(typeof staysChangeSchemas)['move']>;
    const room = input.roomNumber === undefined ? hotel.rooms.find((r) => r.id === reservation.roomId) : roomOf(hotel, input.roomNumber);
    if (!room) return { ok: false, status: 400, message: `roomNumber: the hotel has no room ${input.roomNumber}`, field: 'roomNumber' };
    Object.assign(reservation, { startDate: input.startDate, endDate: input.endDate, roomId: room.id, roomTypeId: room.roomTypeId, modifiedAt: now });
    if (input.checkInTime) reservation.checkInTime = input.checkInTime;
    if (input.checkOutTime) reservation.checkOutTime = input.checkOutTime;
  } else if (action === 'cancel') {
    Object.assign(reservation, { status: 'canceled', modifiedAt: now });
  } else {
    hotel.reservations.splice(hotel.reservations.indexOf(reservation), 1);
  }
  touch(hotel);
  return { ok: true, _id: id };
}

/**
 * Adds `count` Stays reservations (benchmarks): back-to-back stays of 1–4 nights in every room in
 * turn, after the seeded 60 days, so none overlaps another and all fall within the next three
 * years for a hotel of 34 rooms and 10,000 of them.
 */
export function addBulkStays(hotel: Hotel, count: number, random: () => number): void {
  // After the seeded stays (the last of which may start on day 59 and last 5 nights).
  const nextFree = new Map(hotel.rooms.map((room) => [room.id, 70]));
  for (let i = 0; i < count; i += 1) {
    const room = hotel.rooms[i % hotel.rooms.length]!;
    const start = nextFree.get(room.id)!;
    const nights = 1 + Math.floor(random() * 4);
    nextFree.set(room.id, start + nights + (random() < 0.3 ? 1 : 0));
    const createdAt = Date.parse(`${hotel.today}T08:00:00Z`) - Math.floor(random() * 60) * 86_400_000;
    hotel.reservations.push({
      id: String(8_000_000_000_000 + i),
      source: 'stays',
      status: 'confirmed',
      firstName: 'Guest',
      lastName: String(i + 1),
      email: `guest.${i + 1}@example.com`,
      roomTypeId: room.roomTypeId,
      roomId: room.id,
      startDate: addDays(hotel.today, start),
      endDate: addDays(hotel.today, start + nights),
      adults: 2,
      children: 0,
      total: 100 * nights,
      channel: random() < 0.5 ? 'Airbnb' : 'Stays direct',
      createdAt,
      modifiedAt: createdAt,
    });
  }
  touch(hotel);
}
