import { FIRST_LOOK_KEY } from '../hotel/hotel-jobs.js';
import type { SystemId } from '../integrations/index.js';
import { RATE_IMPORT_KEY } from '../rates/rate-jobs.js';
import type { Db } from '../store/database.js';

/**
 * What the app mirrored from each simulated system, deleted when a person switches that system to
 * live and confirms: demo bookings, housekeeping days and locks must not mix with the hotel's own.
 * Links and door PINs of a deleted reservation go with it (ON DELETE CASCADE). Cloudbeds' room
 * types and rate ids are the simulator's too: the grid is emptied, and the keys of the first
 * import and the first look at the hotel freed, so the live Cloudbeds is asked afresh.
 */
export function createDemoMirror(db: Db) {
  const reservationsFrom = db.prepare('DELETE FROM reservations WHERE source = ?');
  const statements: Record<SystemId, () => number> = {
    cloudbeds: (() => {
      const grid = ['rate_drafts', 'rate_push_sent', 'rate_cells', 'base_rates', 'room_types', 'hotel_details'].map((table) => db.prepare(`DELETE FROM ${table}`));
      const freeKeys = db.prepare('UPDATE jobs SET idempotency_key = NULL WHERE idempotency_key IN (?, ?)');
      return () => {
        let deleted = reservationsFrom.run('cloudbeds').changes;
        for (const statement of grid) deleted += statement.run().changes;
        freeKeys.run(RATE_IMPORT_KEY, FIRST_LOOK_KEY);
        return deleted;
      };
    })(),
    beds24: () => reservationsFrom.run('beds24').changes,
    stays: () => reservationsFrom.run('stays').changes,
    maidcentral: (() => {
      const days = db.prepare('DELETE FROM housekeeping_days');
      const staff = db.prepare('DELETE FROM housekeeping_staff');
      return () => days.run().changes + staff.run().changes;
    })(),
    seam: (() => {
      const pins = db.prepare('DELETE FROM door_pins');
      const locks = db.prepare('DELETE FROM door_locks');
      return () => pins.run().changes + locks.run().changes;
    })(),
  };
  return {
    /** Rows deleted (call inside the transaction that switches the system). */
    clear(system: SystemId): number {
      return statements[system]();
    },
  };
}
