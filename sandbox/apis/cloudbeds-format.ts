import type { Hotel, RoomType } from '../hotel.js';
import { addDays, json, text, type SandboxResponse } from '../kit.js';

/**
 * Cloudbeds reports content errors inside an HTTP 200: `{success:false, message}`. Its messages
 * name the parameter they are about ("Invalid Parameter Format for startDate"), so clients can
 * tell which field was refused.
 */
export const fail = (message: string, status = 200): SandboxResponse => json(status, { success: false, message });

const DATE_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/** Milliseconds as Cloudbeds writes date-times: `YYYY-MM-DD HH:MM:SS` (the sandbox's hotel is on UTC). */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** A `YYYY-MM-DD HH:MM:SS` date-time as milliseconds, or undefined when it is not one. */
export function parseDateTime(value: unknown): number | undefined {
  const match = DATE_TIME.exec(text(value) ?? '');
  if (!match) return undefined;
  const at = Date.parse(`${match[1]}T${match[2]}Z`);
  return Number.isNaN(at) || formatDateTime(at) !== match[0] ? undefined : at;
}

/** `true`/`false` as forms and query strings send them (`1`/`0` too); undefined when absent, null when unreadable. */
export function formBoolean(value: unknown): boolean | undefined | null {
  if (value === undefined || value === '') return undefined;
  const raw = text(value)?.toLowerCase();
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  return null;
}

/** A comma-separated id list (`37,345,89`) as strings; empty when absent. */
export const idList = (value: unknown): string[] =>
  (text(value) ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);

/** A positive integer query value with a default; null when it is present but not one. */
export function positiveInt(value: unknown, fallback: number): number | null {
  if (value === undefined || value === '') return fallback;
  const raw = text(value);
  return raw !== undefined && /^\d+$/.test(raw) && Number(raw) >= 1 ? Number(raw) : null;
}

/** The nights of a stay: check-in up to the day before check-out (one night when both are equal). */
export function nightsOf(startDate: string, endDate: string): string[] {
  const nights: string[] = [];
  for (let date = startDate; date < endDate; date = addDays(date, 1)) nights.push(date);
  return nights.length > 0 ? nights : [startDate];
}

/** Statuses that hold a room; canceled and no-show bookings free it. */
const HOLDS_ROOM = new Set(['confirmed', 'not_confirmed', 'checked_in', 'checked_out']);

/** Rooms of a type still free on a night, across every system's bookings of the shared hotel. */
export function roomsAvailable(hotel: Hotel, roomType: RoomType, night: string): number {
  const rooms = hotel.rooms.filter((room) => room.roomTypeId === roomType.id).length;
  const taken = hotel.reservations.filter(
    (r) => r.roomTypeId === roomType.id && HOLDS_ROOM.has(r.status) && r.startDate <= night && night < r.endDate,
  ).length;
  return Math.max(0, rooms - taken);
}

/** A room of the type free for every night of the stay, if there is one. */
export function freeRoom(hotel: Hotel, roomType: RoomType, nights: string[]): string | undefined {
  const busy = new Set(
    hotel.reservations
      .filter((r) => r.roomTypeId === roomType.id && HOLDS_ROOM.has(r.status) && nights.some((n) => r.startDate <= n && n < r.endDate))
      .map((r) => r.roomId),
  );
  return hotel.rooms.find((room) => room.roomTypeId === roomType.id && !busy.has(room.id))?.id;
}
