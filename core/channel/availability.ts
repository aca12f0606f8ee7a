import type { Beds24CalendarWriteRange, RoomCalendarWrite } from '../integrations/beds24/beds24-types.js';
import { addDays } from '../../shared/iso-date.js';
import type { Db } from '../store/database.js';
import type { RoomMapStore } from './room-map-store.js';

/** Nights marked at most per push (a year of 20 room types is 7,300): the rest go in the next. */
export const MAX_NIGHTS_PER_PUSH = 10_000;
/** Calendar ranges per request: Beds24 charges more for more, and a huge body risks a timeout. */
export const MAX_RANGES_PER_REQUEST = 500;

export interface AvailabilityPlan {
  /** What to send, one item per Beds24 room, consecutive equal nights merged. */
  items: RoomCalendarWrite[];
  /** The marks read: cleared once sent (a mark set again meanwhile has a higher seq). */
  upToSeq: number;
  marks: { roomTypeId: number; night: string }[];
}

/** What Cloudbeds confirmed of a room type's night, as the rate grid last synced it. */
export interface ConfirmedRate {
  /** The rate Cloudbeds applied; null when the grid never synced one for the night. */
  rate: number | null;
  /** Sales closed at Cloudbeds from the grid (stop-sell); null when never set there. */
  closed: boolean | null;
}

/** Reads what Cloudbeds confirmed of a night; undefined when the grid never synced it. */
export type ConfirmedRates = (roomTypeId: number, night: string) => ConfirmedRate | undefined;

/**
 * Availability per room type and night (SPEC §5.4): rooms − reservations − rooms blocked, never
 * below 0, and none on a night whose sales are closed at Cloudbeds. With it goes the night's
 * price (§5.2 "availability/price changes"): the rate Cloudbeds confirmed, as `price1`, so the
 * channel sells at the PMS's rate; a night the grid never synced keeps Beds24's own price.
 * Changes are marked per room-type night; a push reads the marks, sends the values of the
 * marked nights only, and clears what it sent.
 */
export function createAvailability(db: Db, rooms: RoomMapStore, confirmed: ConfirmedRates = () => undefined) {
  const statements = {
    mark: db.prepare(`INSERT INTO availability_changes (room_type_id, night, seq)
      VALUES (?, ?, (SELECT coalesce(MAX(seq), 0) + 1 FROM availability_changes))
      ON CONFLICT (room_type_id, night) DO UPDATE SET seq = excluded.seq`),
    marks: db.prepare('SELECT room_type_id AS roomTypeId, night, seq FROM availability_changes ORDER BY room_type_id, night LIMIT ?'),
    clear: db.prepare('DELETE FROM availability_changes WHERE room_type_id = ? AND night = ? AND seq <= ?'),
    count: db.prepare('SELECT COUNT(*) FROM availability_changes').pluck(),
    booked: db.prepare(`SELECT COUNT(*) FROM reservations WHERE room_type_id = ? AND status NOT IN ('cancelled', 'no_show')
      AND arrival <= ? AND departure > ?`).pluck(),
  };

  function available(roomTypeId: number, units: number, night: string): number {
    const booked = statements.booked.get(roomTypeId, night, night) as number;
    return Math.max(0, units - booked - rooms.blockedRooms(roomTypeId, night));
  }

  return {
    /** Marks nights [first, last] of a room type as changed. Bounded by the callers' accepted dates. */
    markNights(roomTypeId: number | null, first: string, last: string): void {
      if (roomTypeId === null) return;
      for (let night = first; night <= last; night = addDays(night, 1)) statements.mark.run(roomTypeId, night);
    },
    /** A stay occupies its nights: arrival up to the night before departure. */
    markStay(roomTypeId: number | null, arrival: string, departure: string): void {
      if (departure > arrival) this.markNights(roomTypeId, arrival, addDays(departure, -1));
    },
    pending: () => statements.count.get() as number,
    available,
    /** What the marked nights are now, for the room types mapped and synced. */
    plan(): AvailabilityPlan {
      const marks = statements.marks.all(MAX_NIGHTS_PER_PUSH) as { roomTypeId: number; night: string; seq: number }[];
      const mapped = new Map(rooms.mapped().map((type) => [type.roomTypeId, type]));
      const byRoom = new Map<number, Beds24CalendarWriteRange[]>();
      let upToSeq = 0;
      for (const mark of marks) {
        upToSeq = Math.max(upToSeq, mark.seq);
        const type = mapped.get(mark.roomTypeId);
        if (!type || !type.synced) continue;
        const cloudbeds = confirmed(type.roomTypeId, mark.night);
        const numAvail = cloudbeds?.closed ? 0 : available(type.roomTypeId, type.units, mark.night);
        const price1 = cloudbeds?.rate ?? undefined;
        const ranges = byRoom.get(type.beds24RoomId) ?? [];
        byRoom.set(type.beds24RoomId, ranges);
        const last = ranges.at(-1);
        if (last && last.numAvail === numAvail && last.price1 === price1 && addDays(last.to, 1) === mark.night) last.to = mark.night;
        else ranges.push({ from: mark.night, to: mark.night, numAvail, ...(price1 === undefined ? {} : { price1 }) });
      }
      const items = [...byRoom].map(([roomId, calendar]) => ({ roomId, calendar }));
      return { items, upToSeq, marks };
    },
    /** Clears the marks a plan read, in one transaction. */
    cleared: db.transaction((upToSeq: number, nights: { roomTypeId: number; night: string }[]) => {
      for (const { roomTypeId, night } of nights) statements.clear.run(roomTypeId, night, upToSeq);
    }),
  };
}

export type Availability = ReturnType<typeof createAvailability>;

/** Splits a calendar write into requests of at most `max` ranges, whole rooms kept together where they fit. */
export function chunkCalendar(items: RoomCalendarWrite[], max = MAX_RANGES_PER_REQUEST): RoomCalendarWrite[][] {
  const requests: RoomCalendarWrite[][] = [];
  let current: RoomCalendarWrite[] = [];
  let size = 0;
  for (const item of items) {
    for (let start = 0; start < item.calendar.length; start += max) {
      const part = item.calendar.slice(start, start + max);
      if (size + part.length > max && current.length > 0) {
        requests.push(current);
        current = [];
        size = 0;
      }
      current.push({ roomId: item.roomId, calendar: part });
      size += part.length;
    }
  }
  if (current.length > 0) requests.push(current);
  return requests;
}
