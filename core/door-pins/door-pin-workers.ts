import { pause, type Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { SeamAccessCode, SeamConnector } from '../integrations/seam/seam.js';
import type { JobContext } from '../queue/job-context.js';
import { workerFor, type JobWorker } from '../queue/job-kind.js';
import { RemoteError } from '../queue/remote-error.js';
import type { DoorLocks } from './door-locks.js';
import { DOOR_LOCKS_READ, DOOR_PIN_PROGRAM, DOOR_PIN_REVOKE, seamNotConnected, type DoorPinPayload } from './door-pin-jobs.js';
import { codeKeyPrefix, codeName, codeTimeFrame } from './door-pin-plan.js';
import type { DoorPinStore, PinRow } from './door-pin-store.js';

export interface DoorPinWorkerDeps {
  store: DoorPinStore;
  locks: DoorLocks;
  clock: Clock;
  logger: Logger;
  /** Null while Seam has no connection settings. */
  seam: () => SeamConnector | null;
  /** The stay's PIN changed (for `reservation/changed`). */
  pinChanged(reservationId: number): void;
  /** Between reads of a new code until the lock has it (500 ms). */
  pollIntervalMs?: number;
  /** How long one attempt waits for the lock (2 minutes); then the job is retried later. */
  setTimeoutMs?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const isGone = (error: unknown) => error instanceof RemoteError && error.httpStatus === 404;

/**
 * The door-PIN workers. Each reads the stay's PIN row, not the payload, for what to do: a job of
 * an older plan version does nothing (a newer job follows it). Results and logs name the access
 * code's id, never the PIN.
 */
export function createDoorPinWorkers(deps: DoorPinWorkerDeps): JobWorker[] {
  const { store, clock, logger } = deps;

  function connected(): SeamConnector {
    const seam = deps.seam();
    if (!seam) throw seamNotConnected();
    return seam;
  }

  /** A code whose create was sent but whose answer never came back, found by the key in its name. */
  async function findLostCode(seam: SeamConnector, row: PinRow): Promise<SeamAccessCode | undefined> {
    if (row.access_code_id !== null || row.create_started_at === null || row.device_id === null) return undefined;
    const prefix = codeKeyPrefix(row.reservation_id);
    const codes = await seam.listAccessCodes(row.device_id);
    return codes.find((code) => code.name?.includes(prefix));
  }

  /**
   * Deletes a code and waits until the lock has let it go (Seam answers 404 once it is removed),
   * so `revoked` means the door no longer takes the PIN. Past the wait, a server error: retried.
   */
  async function deleteCode(seam: SeamConnector, accessCodeId: string, signal: AbortSignal): Promise<void> {
    try {
      await seam.deleteAccessCode(accessCodeId);
    } catch (error) {
      // Already gone (removed by hand, or by an attempt whose answer was lost): done.
      if (isGone(error)) return;
      throw error;
    }
    const deadline = clock.now() + (deps.setTimeoutMs ?? 120_000);
    for (;;) {
      try {
        await seam.getAccessCode(accessCodeId);
      } catch (error) {
        if (isGone(error)) return;
        throw error;
      }
      if (clock.now() >= deadline) throw new RemoteError('server', `Seam access code ${accessCodeId} was still being removed from its lock`);
      await pause(clock, deps.pollIntervalMs ?? 500, signal);
    }
  }

  const program = workerFor(DOOR_PIN_PROGRAM, async (payload: DoorPinPayload, context: JobContext) => {
    const { reservationId } = payload;
    let row = store.get(reservationId);
    if (!row || row.version !== payload.version || row.plan !== 'planned') return { note: 'superseded by a newer plan for this stay' };
    const seam = connected();
    const lost = await findLostCode(seam, row);
    if (lost) {
      store.recordCode({ reservationId, accessCodeId: lost.accessCodeId, deviceId: lost.deviceId, startsAt: null, endsAt: null, pinSecret: lost.code }, clock.now());
      row = store.get(reservationId)!;
    }
    const lock = await deps.locks.lockFor(row.listing_id, seam);
    if (row.access_code_id !== null && row.device_id !== lock.device_id) {
      // The stay moved to another room: the old lock's code goes, a new one is made below.
      await deleteCode(seam, row.access_code_id, context.signal);
      store.forgetCode(reservationId, 'scheduled', clock.now());
      row = store.get(reservationId)!;
    }
    const frame = codeTimeFrame({ startsAt: row.starts_at, endsAt: row.ends_at }, { codeStartsAt: row.code_starts_at }, clock.now());
    let accessCodeId = row.access_code_id;
    let pinSecret: string | null = null;
    if (accessCodeId === null) {
      store.markCreateStarted(reservationId, lock.device_id, clock.now());
      const created = await seam.createAccessCode({
        deviceId: lock.device_id,
        name: codeName(payload.stay, reservationId, payload.version),
        startsAt: iso(frame.startsAt),
        endsAt: iso(frame.endsAt),
      });
      context.recordResponse({ httpStatus: created.httpStatus, ...(created.requestId ? { requestId: created.requestId } : {}) });
      accessCodeId = created.data.accessCode.accessCodeId;
      pinSecret = created.data.accessCode.code;
      store.recordCode({ reservationId, accessCodeId, deviceId: lock.device_id, startsAt: frame.startsAt, endsAt: frame.endsAt, pinSecret }, clock.now());
    } else if (row.code_starts_at !== frame.startsAt || row.code_ends_at !== frame.endsAt) {
      const updated = await seam.updateAccessCode({
        accessCodeId,
        ...(row.code_starts_at !== frame.startsAt ? { startsAt: iso(frame.startsAt) } : {}),
        endsAt: iso(frame.endsAt),
      });
      context.recordResponse({ httpStatus: updated.httpStatus, ...(updated.requestId ? { requestId: updated.requestId } : {}) });
      store.recordCode({ reservationId, accessCodeId, deviceId: lock.device_id, startsAt: frame.startsAt, endsAt: frame.endsAt, pinSecret: null }, clock.now());
    }
    deps.pinChanged(reservationId);
    const set = await seam.waitUntilSet(accessCodeId, {
      intervalMs: deps.pollIntervalMs ?? 500,
      timeoutMs: deps.setTimeoutMs ?? 120_000,
      signal: context.signal,
    });
    store.markActive(reservationId, set.data.code ?? pinSecret, clock.now());
    deps.pinChanged(reservationId);
    logger.info('door PIN on its lock', { reservationId, accessCodeId, deviceId: lock.device_id, validFrom: iso(frame.startsAt), validUntil: iso(frame.endsAt) });
    return { accessCodeId, deviceId: lock.device_id, lock: lock.name, validFrom: iso(frame.startsAt), validUntil: iso(frame.endsAt) };
  });

  const revoke = workerFor(DOOR_PIN_REVOKE, async (payload: DoorPinPayload, context: JobContext) => {
    const { reservationId } = payload;
    const row = store.get(reservationId);
    if (!row || row.version !== payload.version) return { note: 'superseded by a newer plan for this stay' };
    const seam = connected();
    const accessCodeId = row.access_code_id ?? (await findLostCode(seam, row))?.accessCodeId ?? null;
    if (accessCodeId !== null) await deleteCode(seam, accessCodeId, context.signal);
    store.forgetCode(reservationId, accessCodeId !== null || row.state === 'active' ? 'revoked' : 'none', clock.now());
    deps.pinChanged(reservationId);
    if (accessCodeId !== null) logger.info('door PIN removed from its lock', { reservationId, accessCodeId });
    return accessCodeId !== null ? { deleted: accessCodeId } : { note: 'no code was on the lock' };
  });

  const readLocks = workerFor(DOOR_LOCKS_READ, async () => ({ locks: await deps.locks.read(connected()) }));

  return [program, revoke, readLocks];
}
