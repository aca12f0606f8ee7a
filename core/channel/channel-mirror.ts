import { createHash } from 'node:crypto';
import type { ReservationDetail } from '../../shared/channel-contract.js';
import type { Beds24Booking } from '../integrations/beds24/beds24-types.js';
import type { Db } from '../store/database.js';

export type MirrorStatus = ReservationDetail['status'];

/** A mirror row as the channel flow reads it. */
export interface MirrorRow {
  id: number;
  source: ReservationDetail['source'];
  source_id: string | null;
  channel: string | null;
  guest_name: string;
  arrival: string;
  departure: string;
  status: MirrorStatus;
  room_type_id: number | null;
  adults: number;
  children: number;
  total: number | null;
  source_version: string | null;
  updated_at: number;
}

/** The fields of a stay the channel flow writes. */
export interface StayFields {
  guestName: string;
  arrival: string;
  departure: string;
  status: MirrorStatus;
  roomTypeId: number | null;
  adults: number;
  children: number;
  total: number | null;
  channel: string | null;
}

const hashOf = (fields: StayFields) => createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 16);

/** A Beds24 booking in the mirror's terms; its room type through the mappings (null when unmapped). */
export function stayOfBooking(booking: Beds24Booking, roomTypeId: number | null): StayFields {
  return {
    guestName: `${booking.firstName} ${booking.lastName}`.trim() || `Beds24 booking ${booking.id}`,
    arrival: booking.arrival,
    departure: booking.departure,
    status: booking.status === 'cancelled' ? 'cancelled' : 'confirmed',
    roomTypeId,
    adults: booking.numAdult,
    children: booking.numChild,
    total: booking.price,
    channel: booking.channel,
  };
}

/** The reservation mirror as the channel flow writes it: channel bookings, walk-ins, and the ids each has elsewhere. */
export function createChannelMirror(db: Db) {
  const statements = {
    bySource: db.prepare('SELECT * FROM reservations WHERE source = ? AND source_id = ?'),
    byId: db.prepare('SELECT * FROM reservations WHERE id = ?'),
    insert: db.prepare(`INSERT INTO reservations (source, source_id, channel, guest_name, arrival, departure, status, room_type_id, adults, children,
        total, source_version, content_hash, created_at, updated_at)
      VALUES (@source, @sourceId, @channel, @guestName, @arrival, @departure, @status, @roomTypeId, @adults, @children, @total, @version, @hash, @now, @now)
      RETURNING id`).pluck(),
    update: db.prepare(`UPDATE reservations SET channel = @channel, guest_name = @guestName, arrival = @arrival, departure = @departure,
        status = @status, room_type_id = @roomTypeId, adults = @adults, children = @children, total = @total, source_version = @version,
        content_hash = @hash, updated_at = @now WHERE id = @id`),
    link: db.prepare(`INSERT INTO reservation_links (reservation_id, system, external_id) VALUES (?, ?, ?)
      ON CONFLICT (reservation_id, system) DO UPDATE SET external_id = excluded.external_id`),
    linkOf: db.prepare('SELECT external_id FROM reservation_links WHERE reservation_id = ? AND system = ?').pluck(),
    linked: db.prepare('SELECT reservation_id FROM reservation_links WHERE system = ? AND external_id = ?').pluck(),
    links: db.prepare('SELECT system, external_id AS externalId FROM reservation_links WHERE reservation_id = ? ORDER BY system'),
  };

  const row = (value: unknown) => value as MirrorRow | undefined;

  return {
    get: (id: number) => row(statements.byId.get(id)),
    bySource: (source: string, sourceId: string) => row(statements.bySource.get(source, sourceId)),
    /** Inserts a stay; `sourceId` null for one made here. */
    insert(source: MirrorRow['source'], sourceId: string | null, fields: StayFields, version: string | null, now: number): number {
      return statements.insert.get({ source, sourceId, ...fields, version, hash: hashOf(fields), now }) as number;
    },
    update(id: number, fields: StayFields, version: string | null, now: number): void {
      statements.update.run({ id, ...fields, version, hash: hashOf(fields), now });
    },
    link: (id: number, system: string, externalId: string) => void statements.link.run(id, system, externalId),
    linkOf: (id: number, system: string) => statements.linkOf.get(id, system) as string | undefined,
    linked: (system: string, externalId: string) => statements.linked.get(system, externalId) as number | undefined,
    links: (id: number) => statements.links.all(id) as { system: string; externalId: string }[],
  };
}

export type ChannelMirror = ReturnType<typeof createChannelMirror>;

/** The fields of a mirror row, to change a few of them. */
export function fieldsOf(row: MirrorRow): StayFields {
  return {
    guestName: row.guest_name,
    arrival: row.arrival,
    departure: row.departure,
    status: row.status,
    roomTypeId: row.room_type_id,
    adults: row.adults,
    children: row.children,
    total: row.total,
    channel: row.channel,
  };
}
