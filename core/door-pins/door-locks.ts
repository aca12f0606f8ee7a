import type { Clock } from '../clock.js';
import type { SeamConnector } from '../integrations/seam/seam.js';
import { RemoteError } from '../queue/remote-error.js';
import type { Db } from '../store/database.js';
import type { DoorPinStore, LockRow } from './door-pin-store.js';

/** The Seam custom-metadata key a lock carries its room's Stays listing id under. */
export const LISTING_METADATA_KEY = 'stays_listing_id';
/** Known locks are read again from Seam after this long (a lock moved to another room). */
const REFRESH_AFTER_MS = 24 * 3_600_000;

/**
 * Which lock opens a Stays listing's room. The hotel tags each lock in Seam with custom metadata
 * `stays_listing_id` (Seam's custom metadata is meant for an app's own ids; set once per lock in
 * Seam's console or with `/devices/update`); the demo hotel's locks come tagged. Seam's device
 * list is kept in `door_locks` and read again when a listing is unknown or the list is a day old.
 */
export function createDoorLocks(deps: { db: Db; store: DoorPinStore; clock: Clock; locksChanged(): void }) {
  const { db, store, clock } = deps;
  let refreshing: Promise<void> | null = null;
  let readQueued = false;

  async function refresh(seam: SeamConnector): Promise<void> {
    refreshing ??= (async () => {
      try {
        const devices = await seam.listDevices();
        const tagged = devices.flatMap((device) => {
          const listingId = device.customMetadata[LISTING_METADATA_KEY];
          return typeof listingId === 'string' && listingId !== '' ? [{ listingId, deviceId: device.deviceId, name: device.name }] : [];
        });
        const now = clock.now();
        db.transaction(() => store.replaceLocks(tagged, now))();
        readQueued = false;
        deps.locksChanged();
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  return {
    /** Reads Seam's device list into `door_locks` (one at a time); how many locks are tagged with a room. */
    async read(seam: SeamConnector): Promise<number> {
      await refresh(seam);
      return store.lockCount();
    },

    /** True once until the next read: a room without a known lock asks for one read, not one per stay. */
    claimRead(): boolean {
      if (readQueued) return false;
      return (readQueued = true);
    },

    /** The lock of a listing's room; a validation error (the job fails, visibly) when no lock is tagged for it. */
    async lockFor(listingId: string, seam: SeamConnector): Promise<LockRow> {
      const known = store.lock(listingId);
      if (known && clock.now() - known.refreshed_at < REFRESH_AFTER_MS) return known;
      // Jobs that need the list at the same time share one read.
      await refresh(seam);
      const found = store.lock(listingId);
      if (found) return found;
      throw new RemoteError(
        'validation',
        `No lock in Seam is tagged for this room (Stays listing ${listingId}): give the room's lock the custom metadata "${LISTING_METADATA_KEY}": "${listingId}" in Seam, then retry`,
      );
    },
  };
}

export type DoorLocks = ReturnType<typeof createDoorLocks>;
