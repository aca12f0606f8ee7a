import type { Db } from '../store/database.js';

/** A `door_pins` row as SQLite returns it. */
export interface PinRow {
  reservation_id: number;
  version: number;
  plan: 'planned' | 'cancelled';
  state: 'scheduled' | 'active' | 'revoked' | 'none';
  listing_id: string;
  starts_at: number;
  ends_at: number;
  program_job_id: number | null;
  revoke_job_id: number | null;
  create_started_at: number | null;
  access_code_id: string | null;
  device_id: string | null;
  code_starts_at: number | null;
  code_ends_at: number | null;
  pin_secret: string | null;
  updated_at: number;
}

export interface LockRow {
  listing_id: string;
  device_id: string;
  name: string;
  refreshed_at: number;
}

/** The statements on `door_pins` and `door_locks`, prepared once. */
export function createDoorPinStore(db: Db) {
  const statements = {
    get: db.prepare('SELECT * FROM door_pins WHERE reservation_id = ?'),
    plan: db.prepare(`INSERT INTO door_pins (reservation_id, version, plan, state, listing_id, starts_at, ends_at, program_job_id, revoke_job_id, updated_at)
      VALUES (@reservationId, @version, 'planned', @state, @listingId, @startsAt, @endsAt, @programJobId, @revokeJobId, @now)
      ON CONFLICT (reservation_id) DO UPDATE SET version = excluded.version, plan = 'planned', state = excluded.state,
        listing_id = excluded.listing_id, starts_at = excluded.starts_at, ends_at = excluded.ends_at,
        program_job_id = excluded.program_job_id, revoke_job_id = excluded.revoke_job_id, updated_at = excluded.updated_at`),
    cancel: db.prepare(`UPDATE door_pins SET version = @version, plan = 'cancelled', state = @state, program_job_id = NULL,
        revoke_job_id = @revokeJobId, updated_at = @now WHERE reservation_id = @reservationId`),
    createStarted: db.prepare('UPDATE door_pins SET create_started_at = @now, device_id = @deviceId, updated_at = @now WHERE reservation_id = @reservationId'),
    recordCode: db.prepare(`UPDATE door_pins SET access_code_id = @accessCodeId, device_id = @deviceId, code_starts_at = @startsAt,
        code_ends_at = @endsAt, pin_secret = coalesce(@pinSecret, pin_secret), updated_at = @now WHERE reservation_id = @reservationId`),
    active: db.prepare(`UPDATE door_pins SET state = 'active', pin_secret = coalesce(@pinSecret, pin_secret), updated_at = @now
      WHERE reservation_id = @reservationId`),
    // The PIN is wiped with its code: nothing is left to reveal once the lock no longer takes it.
    revoked: db.prepare(`UPDATE door_pins SET state = @state, create_started_at = NULL, access_code_id = NULL, device_id = NULL,
        code_starts_at = NULL, code_ends_at = NULL, pin_secret = NULL, updated_at = @now WHERE reservation_id = @reservationId`),
    byJob: db.prepare('SELECT reservation_id FROM door_pins WHERE program_job_id = @jobId OR revoke_job_id = @jobId').pluck(),
    lock: db.prepare('SELECT * FROM door_locks WHERE listing_id = ?'),
    clearLocks: db.prepare('DELETE FROM door_locks'),
    lockCount: db.prepare('SELECT COUNT(*) FROM door_locks').pluck(),
    insertLock: db.prepare('INSERT OR REPLACE INTO door_locks (listing_id, device_id, name, refreshed_at) VALUES (?, ?, ?, ?)'),
  };

  return {
    get: (reservationId: number) => statements.get.get(reservationId) as PinRow | undefined,

    /** A new or changed plan; the code already at Seam (if any) stays recorded for the next program job to move. */
    savePlan(plan: { reservationId: number; version: number; state: PinRow['state']; listingId: string; startsAt: number; endsAt: number; programJobId: number | null; revokeJobId: number | null }, now: number): void {
      statements.plan.run({ ...plan, now });
    },
    saveCancelled(cancel: { reservationId: number; version: number; state: PinRow['state']; revokeJobId: number | null }, now: number): void {
      statements.cancel.run({ ...cancel, now });
    },
    /** Written before the create is sent: an attempt whose answer was lost looks for the code instead of making another. */
    markCreateStarted(reservationId: number, deviceId: string, now: number): void {
      statements.createStarted.run({ reservationId, deviceId, now });
    },
    recordCode(code: { reservationId: number; accessCodeId: string; deviceId: string; startsAt: number | null; endsAt: number | null; pinSecret: string | null }, now: number): void {
      statements.recordCode.run({ ...code, now });
    },
    markActive(reservationId: number, pinSecret: string | null, now: number): void {
      statements.active.run({ reservationId, pinSecret, now });
    },
    /** The code is off the lock (or never was): its id and PIN are forgotten, the state is as given. */
    forgetCode(reservationId: number, state: PinRow['state'], now: number): void {
      statements.revoked.run({ reservationId, state, now });
    },
    /** The stay a door-PIN job is about (its current program or revoke job). */
    reservationOfJob: (jobId: number) => statements.byJob.get({ jobId }) as number | undefined,

    lock: (listingId: string) => statements.lock.get(listingId) as LockRow | undefined,
    lockCount: () => statements.lockCount.get() as number,
    /** Replaces the known locks with Seam's list (in the caller's transaction). */
    replaceLocks(locks: { listingId: string; deviceId: string; name: string }[], now: number): void {
      statements.clearLocks.run();
      for (const lock of locks) statements.insertLock.run(lock.listingId, lock.deviceId, lock.name, now);
    },
  };
}

export type DoorPinStore = ReturnType<typeof createDoorPinStore>;
