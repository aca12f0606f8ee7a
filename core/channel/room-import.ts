import type { Clock } from '../clock.js';
import type { Beds24Connector } from '../integrations/beds24/beds24.js';
import type { CloudbedsConnector } from '../integrations/cloudbeds/cloudbeds.js';
import { workerFor } from '../queue/job-kind.js';
import type { Db } from '../store/database.js';
import { IMPORT_ROOMS, notConnected } from './channel-jobs.js';
import type { RoomMapStore } from './room-map-store.js';

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The first mappings: Cloudbeds' room types, each matched by name to a Beds24 room of the
 * channel's properties, with one room per Beds24 unit. Room types already mapped are left as a
 * person set them; an unmatched one is added unmapped (not synced).
 */
export function createRoomImportWorker(deps: { db: Db; clock: Clock; rooms: RoomMapStore; beds24: () => Beds24Connector | null; cloudbeds: () => CloudbedsConnector | null; mappingsChanged(): void }) {
  return workerFor(IMPORT_ROOMS, async (_payload, context) => {
    const beds24 = deps.beds24();
    const cloudbeds = deps.cloudbeds();
    if (!beds24) throw notConnected('Beds24');
    if (!cloudbeds) throw notConnected('Cloudbeds');
    const properties = await beds24.getProperties({ includeAllRooms: true });
    context.recordResponse(properties);
    const types = await cloudbeds.getRoomTypes();
    const now = deps.clock.now();
    let mapped = 0;
    deps.db.transaction(() => {
      for (const property of properties.data) deps.rooms.upsertProperty(property.id, property.name, now);
      for (const type of types.data) {
        if (deps.rooms.hasRoomType(type.roomTypeId)) continue;
        const property = properties.data.find((candidate) => candidate.roomTypes.some((room) => sameName(room.name, type.name)));
        const room = property?.roomTypes.find((candidate) => sameName(candidate.name, type.name));
        deps.rooms.addRoomType({ roomTypeId: type.roomTypeId, name: type.name, beds24RoomId: room?.id ?? null, propertyId: property?.id ?? null }, now);
        const units = room?.qty ?? 0;
        for (let unit = 1; unit <= units; unit += 1) {
          deps.rooms.addRoom({ id: `${type.roomTypeId}-${unit}`, roomTypeId: type.roomTypeId, name: `${type.shortName} ${unit}`, beds24UnitId: unit });
        }
        if (room) mapped += 1;
      }
    })();
    deps.mappingsChanged();
    return { properties: properties.data.length, roomTypes: types.data.length, mapped };
  });
}
