import type { HotelCalendar } from '../hotel-calendar.js';
import { newJob } from '../queue/job-kind.js';
import type { JobQueries } from '../queue/job-queries.js';
import type { JobRow } from '../queue/job-rows.js';
import type { Queue } from '../queue/queue.js';
import { DOOR_LOCKS_READ, DOOR_PIN_PROGRAM, DOOR_PIN_REVOKE, pinOrderingKey, type DoorPinPayload } from './door-pin-jobs.js';
import { planPin, type StayTimes } from './door-pin-plan.js';
import type { DoorLocks } from './door-locks.js';
import type { DoorPinStore, PinRow } from './door-pin-store.js';

/** A stay as the planner needs it. */
export interface StayForPin extends StayTimes {
  reservationId: number;
  /** How people know the stay (the Stays code), for job summaries and the code's name at Seam. */
  label: string;
  /** The room at the source (Stays listing): which lock. */
  listingId: string;
  cancelled: boolean;
}

export interface DoorPinPlannerDeps {
  store: DoorPinStore;
  locks: Pick<DoorLocks, 'claimRead'>;
  queue: () => Queue;
  queries: JobQueries;
  calendar: Pick<HotelCalendar, 'instantAt'>;
}

/**
 * Keeps each stay's door-PIN jobs in step with the stay: a program job at check-in − 2 h and a
 * revoke job at check-out + 24 h, both under the stay's ordering key (create before delete). A
 * changed plan bumps the version and queues both again; coalescing cancels the queued ones it
 * replaces, and failed ones are discarded, so nothing stale is left to run or to block. Called
 * inside the caller's transaction: the mirror and its PIN jobs change together.
 */
export function createDoorPinPlanner(deps: DoorPinPlannerDeps) {
  const { store, queries } = deps;
  const discarded: JobRow[] = [];
  // Many stays share a check-in or check-out: each wall-clock time is resolved on the zone once
  // (Intl is slow, and a run plans thousands). Zones' rules do not change while the app runs.
  const instants = new Map<string, number>();
  const calendar = {
    instantAt(date: string, time: string): number {
      const key = `${date} ${time}`;
      let at = instants.get(key);
      if (at === undefined) {
        if (instants.size >= 20_000) instants.clear();
        instants.set(key, (at = deps.calendar.instantAt(date, time)));
      }
      return at;
    },
  };

  function discard(jobId: number | null, reason: string, now: number, statuses: readonly string[]): void {
    if (jobId === null) return;
    const job = queries.byId(jobId);
    if (!job || !statuses.includes(job.status)) return;
    const row = queries.discard(jobId, reason, now);
    if (row) discarded.push(row);
  }

  const payloadOf = (stay: StayForPin, version: number): DoorPinPayload => ({
    reservationId: stay.reservationId,
    version,
    stay: stay.label.slice(0, 100) || `reservation ${stay.reservationId}`,
    arrival: stay.arrival,
    departure: stay.departure,
  });

  /** A code may be on the lock already (made, or asked for with the answer lost). */
  const mayHaveCode = (row: PinRow | undefined) => row !== undefined && (row.access_code_id !== null || row.create_started_at !== null);

  /** Removes the stay's PIN: its pending jobs are dropped; a code that may exist is deleted at once. */
  function cancel(stay: Pick<StayForPin, 'reservationId' | 'label' | 'arrival' | 'departure'> & Partial<StayForPin>, reason: string, now: number): boolean {
    const row = store.get(stay.reservationId);
    if (!row || row.plan === 'cancelled') return false;
    const queue = deps.queue();
    const version = row.version + 1;
    discard(row.program_job_id, reason, now, ['queued', 'failed']);
    discard(row.revoke_job_id, reason, now, ['failed']);
    const running = row.program_job_id !== null && queries.byId(row.program_job_id)?.status === 'sending';
    if (!mayHaveCode(row) && !running) {
      // Nothing was sent to Seam: dropping the jobs is all there is to do.
      discard(row.revoke_job_id, reason, now, ['queued']);
      store.saveCancelled({ reservationId: row.reservation_id, version, state: row.state === 'revoked' ? 'revoked' : 'none', revokeJobId: null }, now);
      return false;
    }
    const key = pinOrderingKey(stay.reservationId);
    const [revoke] = queue.enqueue(
      newJob(DOOR_PIN_REVOKE, payloadOf({ ...stay, listingId: row.listing_id, checkInTime: null, checkOutTime: null, cancelled: true }, version), {
        orderingKey: key,
        coalesceKey: `${key}:revoke`,
      }),
    );
    store.saveCancelled({ reservationId: row.reservation_id, version, state: row.state, revokeJobId: revoke!.id }, now);
    return true;
  }

  /**
   * Brings the stay's PIN jobs in line with the stay; true when jobs were queued. An unchanged
   * plan queues nothing, and a stay already over gets no PIN.
   */
  function replan(stay: StayForPin, now: number): boolean {
    if (!deps.queue().lanes.includes(DOOR_PIN_PROGRAM.lane)) return false;
    if (stay.cancelled) return cancel(stay, 'the stay was cancelled', now);
    const plan = planPin(stay, calendar);
    const row = store.get(stay.reservationId);
    const unchanged =
      row !== undefined && row.plan === 'planned' && row.listing_id === stay.listingId && row.starts_at === plan.startsAt && row.ends_at === plan.endsAt;
    if (unchanged || plan.endsAt <= now) return false;
    const version = (row?.version ?? 0) + 1;
    const reason = 'replaced by a newer plan for this stay';
    // Queued ones are superseded by coalescing below; failed ones would block the new ones.
    discard(row?.program_job_id ?? null, reason, now, ['failed']);
    discard(row?.revoke_job_id ?? null, reason, now, ['failed']);
    const key = pinOrderingKey(stay.reservationId);
    const payload = payloadOf(stay, version);
    // A code already on the lock is moved at once: the old dates must not keep opening the door.
    const programAt = mayHaveCode(row) ? now : Math.max(now, plan.createAt);
    const [program, revoke] = deps.queue().enqueue([
      newJob(DOOR_PIN_PROGRAM, payload, { runAt: programAt, orderingKey: key, coalesceKey: `${key}:program` }),
      newJob(DOOR_PIN_REVOKE, payload, { runAt: plan.endsAt, orderingKey: key, coalesceKey: `${key}:revoke` }),
    ]);
    // A room whose lock is not known yet: Seam's lock list is read soon, so the screens name the
    // room and the PIN job finds its lock (one read queued at a time).
    if (!store.lock(stay.listingId) && deps.locks.claimRead()) deps.queue().enqueue(newJob(DOOR_LOCKS_READ, {}, { coalesceKey: 'door-locks:read' }));
    store.savePlan(
      {
        reservationId: stay.reservationId,
        version,
        state: row?.state === 'active' ? 'active' : 'scheduled',
        listingId: stay.listingId,
        startsAt: plan.startsAt,
        endsAt: plan.endsAt,
        programJobId: program!.id,
        revokeJobId: revoke!.id,
      },
      now,
    );
    return true;
  }

  return {
    replan,
    cancel,
    /** Jobs discarded since the last call, for the queue's events once the transaction is done. */
    takeDiscarded: (): JobRow[] => discarded.splice(0),
  };
}

export type DoorPinPlanner = ReturnType<typeof createDoorPinPlanner>;
