import type { SystemId } from '../integrations/index.js';
import type { Db } from '../store/database.js';

/**
 * What the app mirrored from each simulated system, deleted when a person switches that system to
 * live and confirms: demo bookings, housekeeping days and locks must not mix with the hotel's own.
 * Links and door PINs of a deleted reservation go with it (ON DELETE CASCADE).
 */
export function createDemoMirror(db: Db) {
  const reservationsFrom = db.prepare('DELETE FROM reservations WHERE source = ?');
  const statements: Record<SystemId, () => number> = {
    cloudbeds: () => reservationsFrom.run('cloudbeds').changes,
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
