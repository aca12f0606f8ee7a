import type { Clock } from '../clock.js';
import type { SeamConnector } from '../integrations/seam/seam.js';
import { RemoteError } from '../queue/remote-error.js';
import type { Db } from '../store/database.js';
import type { DoorPinStore, LockRow } from './door-pin-store.js';

/** The Seam custom-metadata key a lock carries its room's Stays listing id under. */
export const LISTING_METADATA_KEY = 'stays_listing_id';
/** Known locks are read again from Seam after this long (a lock moved to another room). */
const REFRESH_AFTER_MS = 24 * 3_600_000;
/** A room without a tagged lock does not send Seam a device list per job: once a minute at most. */
const MIN_REFRESH_GAP_MS = 60_000;

/**
 * Which lock opens a Stays listing's room. The hotel tags each lock in Seam with custom metadata
 * `stays_listing_id` (Seam's custom metadata is meant for an app's own ids; set once per lock in
 * Seam's console or with `/devices/update`); the demo hotel's locks come tagged. Seam's device
 * list is kept in `door_locks` and read again when a listing is unknown or the list is a day old.
 */
export function createDoorLocks(deps: { db: Db; store: DoorPinStore; clock: Clock }) {
  const { db, store, clock } = deps;
  let refreshing: Promise<void> | null = null;
  let lastRefreshAt = -Infinity;

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
        lastRefreshAt = now;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  return {
    /** The lock of a listing's room; a validation error (the job fails, visibly) when no lock is tagged for it. */
    async lockFor(listingId: string, seam: SeamConnector): Promise<LockRow> {
      const known = store.lock(listingId);
      const now = clock.now();
      if (known && now - known.refreshed_at < REFRESH_AFTER_MS) return known;
      if (refreshing || now - lastRefreshAt >= MIN_REFRESH_GAP_MS || known) await refresh(seam);
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
