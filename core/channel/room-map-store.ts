import type { ChannelMappings, RoomBlock } from '../../shared/channel-contract.js';
import type { Db } from '../store/database.js';

export interface MappedRoomType {
  roomTypeId: number;
  beds24RoomId: number;
  /** Rooms of the type: the most it can have available. */
  units: number;
  /** Availability is sent for it (its property's switch is on). */
  synced: boolean;
}

interface BlockRow {
  id: number;
  room_id: string;
  room_name: string;
  room_type_id: number;
  kind: RoomBlock['kind'];
  first_night: string;
  last_night: string;
  note: string | null;
  created_at: number;
}

const toBlock = (row: BlockRow): RoomBlock => ({
  id: row.id,
  roomId: row.room_id,
  roomName: row.room_name,
  roomTypeId: row.room_type_id,
  kind: row.kind,
  firstNight: row.first_night,
  lastNight: row.last_night,
  note: row.note,
  createdAt: new Date(row.created_at).toISOString(),
});

/** Room mappings, the channel's properties, the hotel's rooms and their blocks. */
export function createRoomMapStore(db: Db) {
  const statements = {
    properties: db.prepare('SELECT id, name, availability_sync FROM channel_properties ORDER BY id'),
    upsertProperty: db.prepare(`INSERT INTO channel_properties (id, name, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at`),
    setSync: db.prepare('UPDATE channel_properties SET availability_sync = ?, updated_at = ? WHERE id = ?'),
    syncOf: db.prepare('SELECT availability_sync FROM channel_properties WHERE id = ?').pluck(),
    typesOfProperty: db.prepare('SELECT room_type_id FROM room_type_mappings WHERE beds24_property_id = ?').pluck(),
    roomTypes: db.prepare('SELECT * FROM room_type_mappings ORDER BY room_type_id'),
    insertRoomType: db.prepare(`INSERT OR IGNORE INTO room_type_mappings (room_type_id, name, cloudbeds_room_type_id, beds24_room_id, beds24_property_id, updated_at)
      VALUES (@roomTypeId, @name, @roomTypeId, @beds24RoomId, @propertyId, @now)`),
    setBeds24Room: db.prepare('UPDATE room_type_mappings SET beds24_room_id = ?, updated_at = ? WHERE room_type_id = ?'),
    hasRoomType: db.prepare('SELECT 1 FROM room_type_mappings WHERE room_type_id = ?').pluck(),
    roomTypeOfBeds24: db.prepare('SELECT room_type_id FROM room_type_mappings WHERE beds24_room_id = ?').pluck(),
    beds24OfRoomType: db.prepare('SELECT beds24_room_id FROM room_type_mappings WHERE room_type_id = ?').pluck(),
    rooms: db.prepare('SELECT id, name, room_type_id FROM channel_rooms ORDER BY room_type_id, name'),
    room: db.prepare('SELECT id, name, room_type_id FROM channel_rooms WHERE id = ?'),
    insertRoom: db.prepare('INSERT OR IGNORE INTO channel_rooms (id, room_type_id, name, beds24_unit_id) VALUES (?, ?, ?, ?)'),
    synced: db.prepare(`SELECT m.room_type_id AS roomTypeId, m.beds24_room_id AS beds24RoomId,
        (SELECT COUNT(*) FROM channel_rooms r WHERE r.room_type_id = m.room_type_id) AS units,
        coalesce(p.availability_sync, 1) AS synced
      FROM room_type_mappings m LEFT JOIN channel_properties p ON p.id = m.beds24_property_id
      WHERE m.beds24_room_id IS NOT NULL`),
    blocks: db.prepare(`SELECT b.*, r.name AS room_name, r.room_type_id FROM room_blocks b JOIN channel_rooms r ON r.id = b.room_id
      WHERE b.first_night <= @to AND b.last_night >= @from ORDER BY b.first_night, b.id LIMIT 1000`),
    block: db.prepare('SELECT b.*, r.name AS room_name, r.room_type_id FROM room_blocks b JOIN channel_rooms r ON r.id = b.room_id WHERE b.id = ?'),
    insertBlock: db.prepare(`INSERT INTO room_blocks (room_id, kind, first_night, last_night, note, created_at)
      VALUES (@roomId, @kind, @firstNight, @lastNight, @note, @now) RETURNING id`).pluck(),
    deleteBlock: db.prepare('DELETE FROM room_blocks WHERE id = ?'),
    // Rooms of a type out of sale on one night (a room blocked twice counts once).
    blockedRooms: db.prepare(`SELECT COUNT(DISTINCT b.room_id) FROM room_blocks b JOIN channel_rooms r ON r.id = b.room_id
      WHERE r.room_type_id = ? AND b.first_night <= ? AND b.last_night >= ?`).pluck(),
  };

  return {
    mappings(): ChannelMappings {
      const rooms = statements.rooms.all() as { id: string; name: string; room_type_id: number }[];
      return {
        properties: (statements.properties.all() as { id: number; name: string; availability_sync: number }[]).map((row) => ({
          id: row.id,
          name: row.name,
          availabilitySync: row.availability_sync === 1,
        })),
        roomTypes: (
          statements.roomTypes.all() as { room_type_id: number; name: string; cloudbeds_room_type_id: number; beds24_room_id: number | null; beds24_property_id: number | null }[]
        ).map((row) => ({
          roomTypeId: row.room_type_id,
          name: row.name,
          cloudbedsRoomTypeId: row.cloudbeds_room_type_id,
          beds24RoomId: row.beds24_room_id,
          beds24PropertyId: row.beds24_property_id,
          rooms: rooms.filter((room) => room.room_type_id === row.room_type_id).map(({ id, name }) => ({ id, name })),
        })),
      };
    },
    isEmpty: () => (statements.roomTypes.all() as unknown[]).length === 0,
    upsertProperty: (id: number, name: string, now: number) => void statements.upsertProperty.run(id, name, now),
    setAvailabilitySync: (id: number, on: boolean, now: number) => statements.setSync.run(on ? 1 : 0, now, id).changes > 0,
    /** Whether availability is sent to the property; undefined for one the channel does not have. */
    availabilitySync: (id: number) => {
      const on = statements.syncOf.get(id) as number | undefined;
      return on === undefined ? undefined : on === 1;
    },
    roomTypesOfProperty: (id: number) => statements.typesOfProperty.all(id) as number[],
    /** Adds a room type the first time it is seen; a person's later mapping is kept. */
    addRoomType(type: { roomTypeId: number; name: string; beds24RoomId: number | null; propertyId: number | null }, now: number): void {
      statements.insertRoomType.run({ ...type, now });
    },
    hasRoomType: (roomTypeId: number) => statements.hasRoomType.get(roomTypeId) !== undefined,
    setBeds24Room: (roomTypeId: number, beds24RoomId: number | null, now: number) => void statements.setBeds24Room.run(beds24RoomId, now, roomTypeId),
    addRoom: (room: { id: string; roomTypeId: number; name: string; beds24UnitId: number | null }) =>
      void statements.insertRoom.run(room.id, room.roomTypeId, room.name, room.beds24UnitId),
    room: (id: string) => statements.room.get(id) as { id: string; name: string; room_type_id: number } | undefined,
    roomTypeOfBeds24: (beds24RoomId: number) => statements.roomTypeOfBeds24.get(beds24RoomId) as number | undefined,
    beds24OfRoomType: (roomTypeId: number) => (statements.beds24OfRoomType.get(roomTypeId) as number | null | undefined) ?? null,
    /** Room types mapped to a Beds24 room. */
    mapped: () => (statements.synced.all() as (Omit<MappedRoomType, 'synced'> & { synced: number })[]).map((row) => ({ ...row, synced: row.synced === 1 })),
    blocks: (from: string, to: string) => (statements.blocks.all({ from, to }) as BlockRow[]).map(toBlock),
    block: (id: number) => {
      const row = statements.block.get(id) as BlockRow | undefined;
      return row ? toBlock(row) : undefined;
    },
    insertBlock: (block: { roomId: string; kind: RoomBlock['kind']; firstNight: string; lastNight: string; note: string | null }, now: number) =>
      statements.insertBlock.get({ ...block, now }) as number,
    deleteBlock: (id: number) => void statements.deleteBlock.run(id),
    blockedRooms: (roomTypeId: number, night: string) => statements.blockedRooms.get(roomTypeId, night, night) as number,
  };
}

export type RoomMapStore = ReturnType<typeof createRoomMapStore>;
