import type { Clock } from '../clock.js';
import type { HotelCalendar } from '../hotel-calendar.js';
import type { SeamConnector } from '../integrations/seam/seam.js';
import type { Logger } from '../logger.js';
import type { JobWorker } from '../queue/job-kind.js';
import { createJobQueries } from '../queue/job-queries.js';
import type { Queue } from '../queue/queue.js';
import type { Db } from '../store/database.js';
import { createDoorLocks } from './door-locks.js';
import { DOOR_PIN_PROGRAM, DOOR_PIN_REVOKE } from './door-pin-jobs.js';
import { createDoorPinPlanner } from './door-pin-planner.js';
import { createDoorPinStore } from './door-pin-store.js';
import { createDoorPinWorkers } from './door-pin-workers.js';

export interface DoorPinOptions {
  /** Between reads of a new code until the lock has it (500 ms). */
  pollIntervalMs?: number;
  /** How long one attempt waits for the lock to take a code (2 minutes). */
  setTimeoutMs?: number;
}

export interface DoorPinsDomainDeps {
  db: Db;
  clock: Clock;
  calendar: HotelCalendar;
  logger: Logger;
  queue: () => Queue;
  seam: () => SeamConnector | null;
  /** A stay's PIN changed (made, set, removed, failed, retried). */
  pinChanged(reservationId: number): void;
  /** Seam's locks were read again: rooms may have new names. */
  locksChanged(): void;
  options?: DoorPinOptions;
}

const PIN_TYPES = new Set([DOOR_PIN_PROGRAM.type, DOOR_PIN_REVOKE.type]);

/** Door PINs on Seam (SPEC §5.3): the planner the reconciliation drives, and the workers that talk to the locks. */
export function createDoorPinsDomain(deps: DoorPinsDomainDeps) {
  const store = createDoorPinStore(deps.db);
  const locks = createDoorLocks({ db: deps.db, store, clock: deps.clock, locksChanged: deps.locksChanged });
  const planner = createDoorPinPlanner({ store, locks, queue: deps.queue, queries: createJobQueries(deps.db), calendar: deps.calendar });
  const workers: JobWorker[] = createDoorPinWorkers({ ...deps, ...deps.options, store, locks });
  return {
    store,
    planner,
    workers,
    /** Once the queue exists: a PIN job that fails, is retried or is discarded changes its stay's PIN state. */
    attach(): void {
      deps.queue().events.on('job/changed', (job) => {
        if (!PIN_TYPES.has(job.type) || !['failed', 'queued', 'cancelled'].includes(job.status)) return;
        // Freshly queued jobs are the planner's own doing, told about with the run.
        if (job.status === 'queued' && job.updatedAt === job.createdAt) return;
        const reservationId = store.reservationOfJob(job.id);
        if (reservationId !== undefined) deps.pinChanged(reservationId);
      });
    },
  };
}

export type DoorPinsDomain = ReturnType<typeof createDoorPinsDomain>;
