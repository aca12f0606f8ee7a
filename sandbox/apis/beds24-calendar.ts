import type { RoomType } from '../hotel.js';
import { datesBetween, isoDate, json, type ApiContext, type SandboxRequest, type SandboxResponse } from '../kit.js';
import { beds24Error, contentHash, flag, intList, isInt, isRecord, pageNumber, pagedAnswer, type ItemAnswer, type ItemMessage } from './beds24-common.js';

export const OVERRIDES = ['none', 'blackout', 'exception', 'noCheckIn', 'noCheckOut', 'noCheckInOrCheckOut'] as const;
const PRICE_FIELDS = Array.from({ length: 16 }, (_, i) => `price${i + 1}`);
/** Longest range one request may read or write; keeps a typo in a year from looping for ages. */
export const MAX_CALENDAR_DAYS = 731;
/** The room's own restrictions, returned where the calendar sets none (as Beds24 does). */
const ROOM_MIN_STAY = 1;
const ROOM_MAX_STAY = 30;

/** Values set through the calendar on one day; null means deleted. */
type DayValues = Record<string, number | string | null>;

/** How many days a range spans, both ends included (0 when it is backwards). */
export const spanDays = (from: string, to: string): number => Math.max(0, (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1);

/**
 * GET and POST /inventory/rooms/calendar. Availability comes from the shared hotel's bookings,
 * price1 from its rates, until the calendar sets them; writes are recorded in the ledger,
 * de-duplicated by room and content.
 */
export function createBeds24Calendar(context: ApiContext) {
  const hotel = context.hotel;
  const set = new Map<number, Map<string, DayValues>>();
  const writes = new Map<number, { version: number; last?: { hash: string; version: number; key: string } }>();
  /** Every POST body as received, in order, so tests count requests and the dates each carried. */
  const requests: { at: number; body: unknown }[] = [];

  const typeByRoomId = (roomId: number): RoomType | undefined => hotel.roomTypes.find((type) => type.beds24RoomId === roomId);
  const qtyOf = (type: RoomType) => hotel.rooms.filter((room) => room.roomTypeId === type.id).length;

  function dayValues(type: RoomType, date: string): Record<string, number | string | undefined> {
    const own = set.get(type.beds24RoomId)?.get(date) ?? {};
    const pick = <T>(field: string, fallback: T) => (field in own ? (own[field] ?? undefined) : fallback);
    const booked = hotel.reservations.filter(
      (r) => r.roomTypeId === type.id && r.status !== 'canceled' && r.startDate <= date && r.endDate > date,
    ).length;
    const values: Record<string, number | string | undefined> = {
      numAvail: pick('numAvail', qtyOf(type) - booked),
      minStay: pick('minStay', ROOM_MIN_STAY),
      maxStay: pick('maxStay', ROOM_MAX_STAY),
      multiplier: pick('multiplier', 1),
      override: pick('override', 'none'),
      price1: pick('price1', hotel.rates.get(type.rateId)?.get(date)),
    };
    for (const field of PRICE_FIELDS.slice(1)) values[field] = pick(field, undefined);
    return values;
  }

  function read(request: SandboxRequest): SandboxResponse {
    const q = request.query;
    const startDate = isoDate(q.startDate);
    const endDate = isoDate(q.endDate);
    if (startDate === undefined) return beds24Error(400, 'startDate is required, in the format YYYY-MM-DD');
    if (endDate === undefined) return beds24Error(400, 'endDate is required, in the format YYYY-MM-DD');
    if (endDate < startDate) return beds24Error(400, 'endDate must not be before startDate');
    if (spanDays(startDate, endDate) > MAX_CALENDAR_DAYS) return beds24Error(400, `The date range may span at most ${MAX_CALENDAR_DAYS} days`);
    const page = pageNumber(q.page);
    if (page === null) return beds24Error(400, 'page must be a positive integer');
    const roomIds = intList(q.roomId);
    const propertyIds = intList(q.propertyId);
    if (roomIds === null || propertyIds === null) return beds24Error(400, 'roomId and propertyId must be lists of integers');

    // Nothing per day comes back unless asked for, as the spec says.
    const fields = [
      ...(flag(q.includeNumAvail) ? ['numAvail'] : []),
      ...(flag(q.includeMinStay) ? ['minStay'] : []),
      ...(flag(q.includeMaxStay) ? ['maxStay'] : []),
      ...(flag(q.includeMultiplier) ? ['multiplier'] : []),
      ...(flag(q.includeOverride) ? ['override'] : []),
      ...(flag(q.includePrices) ? PRICE_FIELDS : []),
    ];
    const types = hotel.roomTypes.filter(
      (type) => (!roomIds || roomIds.includes(type.beds24RoomId)) && (!propertyIds || propertyIds.includes(hotel.propertyId)),
    );
    const data = types.map((type) => {
      const calendar: Record<string, unknown>[] = [];
      if (fields.length > 0) {
        let last: { range: Record<string, unknown>; signature: string } | undefined;
        for (const date of datesBetween(startDate, endDate)) {
          const all = dayValues(type, date);
          const values = Object.fromEntries(fields.filter((f) => all[f] !== undefined).map((f) => [f, all[f]]));
          const signature = JSON.stringify(values);
          if (last && last.signature === signature) last.range.to = date;
          else {
            last = { range: { from: date, to: date, ...values }, signature };
            calendar.push(last.range);
          }
        }
      }
      return { roomId: type.beds24RoomId, propertyId: hotel.propertyId, calendar };
    });
    return pagedAnswer(request, 'calendar', data, page);
  }

  /** Checks one calendar entry; returns the values to set, or adds errors. */
  function readEntry(entry: unknown, index: number, errors: ItemMessage[], warnings: ItemMessage[]): DayValues | undefined {
    const action = 'modify calendar';
    const fail = (field: string, message: string) => void errors.push({ action, field, message: `calendar[${index}]: ${message}` });
    if (!isRecord(entry)) return void fail('calendar', 'each entry must be an object with from and to');
    const from = isoDate(entry.from);
    const to = isoDate(entry.to);
    if (from === undefined) fail('from', 'from must be a date in the format YYYY-MM-DD');
    if (to === undefined) fail('to', 'to must be a date in the format YYYY-MM-DD');
    if (from && to && to < from) fail('to', 'to must not be before from');
    if (from && to && spanDays(from, to) > MAX_CALENDAR_DAYS) fail('to', `a range may span at most ${MAX_CALENDAR_DAYS} days`);
    const values: DayValues = {};
    for (const [field, value] of Object.entries(entry)) {
      if (field === 'from' || field === 'to') continue;
      const ok =
        value === null ||
        (field === 'numAvail' && isInt(value, 0, 999)) ||
        (field === 'minStay' && isInt(value, 1, 365)) ||
        (field === 'maxStay' && isInt(value, 1, 364)) ||
        (field === 'multiplier' && typeof value === 'number' && value >= 0.1 && value <= 100) ||
        (field === 'override' && OVERRIDES.includes(value as (typeof OVERRIDES)[number])) ||
        (PRICE_FIELDS.includes(field) && typeof value === 'number' && Number.isFinite(value) && value >= 0);
      const known = ['numAvail', 'minStay', 'maxStay', 'multiplier', 'override', ...PRICE_FIELDS].includes(field);
      if (!known) warnings.push({ action, field, message: `calendar[${index}]: ${field} is not supported here and was ignored` });
      else if (!ok) fail(field, `${field} has an invalid value ${JSON.stringify(value)}`);
      else values[field] = value as number | string | null;
    }
    return values;
  }

  function writeOne(item: unknown): ItemAnswer {
    const action = 'modify calendar';
    const errors: ItemMessage[] = [];
    const warnings: ItemMessage[] = [];
    if (!isRecord(item)) return { success: false, errors: [{ action, field: '', message: 'Each item must be a JSON object' }] };
    const type = typeof item.roomId === 'number' ? typeByRoomId(item.roomId) : undefined;
    if (!type) errors.push({ action, field: 'roomId', message: `roomId ${String(item.roomId)} is not a room of this account` });
    const entries = Array.isArray(item.calendar) ? item.calendar : [];
    if (entries.length === 0) errors.push({ action, field: 'calendar', message: 'calendar must be a non-empty array' });
    const values = entries.map((entry, i) => readEntry(entry, i, errors, warnings));
    if (errors.length > 0 || !type) return { success: false, errors, ...(warnings.length ? { warnings } : {}) };

    const roomId = type.beds24RoomId;
    const state = writes.get(roomId) ?? { version: 0 };
    writes.set(roomId, state);
    const hash = contentHash({ roomId, calendar: entries });
    if (state.last && state.last.hash === hash && state.last.version === state.version) {
      const replay = context.ledger.record({ api: 'beds24', kind: 'calendar', key: state.last.key, at: context.now(), data: null });
      if (replay.duplicate) return (replay.original.data as { answer: ItemAnswer }).answer;
    }
    const days = set.get(roomId) ?? new Map<string, DayValues>();
    set.set(roomId, days);
    entries.forEach((entry, i) => {
      const { from, to } = entry as { from: string; to: string };
      for (const date of datesBetween(from, to)) {
        const next: DayValues = { ...days.get(date), ...values[i] };
        // A null price deletes that price; a null restriction falls back to the room's own.
        for (const field of Object.keys(next)) if (next[field] === null && !PRICE_FIELDS.includes(field)) delete next[field];
        days.set(date, next);
      }
    });
    state.version += 1;
    const key = `${roomId}:${hash}#${state.version}`;
    const answer: ItemAnswer = { success: true, modified: { roomId, calendar: entries }, ...(warnings.length ? { warnings } : {}) };
    context.ledger.record({ api: 'beds24', kind: 'calendar', key, at: context.now(), data: { roomId, calendar: entries, answer } });
    state.last = { hash, version: state.version, key };
    return answer;
  }

  return {
    read,
    requests: () => requests.slice(),
    write(body: unknown): SandboxResponse {
      requests.push({ at: context.now(), body });
      if (!Array.isArray(body)) return beds24Error(400, 'The body must be a JSON array of room calendars');
      return json(201, body.map(writeOne));
    },
  };
}
