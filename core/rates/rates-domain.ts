import type { RateCell } from '../../shared/rates-contract.js';
import type { Clock } from '../clock.js';
import type { HotelCalendar } from '../hotel-calendar.js';
import type { CloudbedsConnector } from '../integrations/cloudbeds/cloudbeds.js';
import { newJob, type JobWorker } from '../queue/job-kind.js';
import type { Queue } from '../queue/queue.js';
import type { Db } from '../store/database.js';
import { createRateHandlers } from './rate-handlers.js';
import { PERSON_PRIORITY, RATE_IMPORT, RATE_IMPORT_KEY } from './rate-jobs.js';
import { createRatePushWorker, followPushJobs } from './rate-push.js';
import { createRateStore } from './rate-store.js';
import { createRoomTypeImportWorker } from './room-type-import.js';

export interface RatesDomainDeps {
  db: Db;
  clock: Clock;
  calendar: HotelCalendar;
  /** The queue is built after the job workers it runs, hence a getter. */
  queue: () => Queue;
  /** Null while Cloudbeds has no connection settings. */
  cloudbeds: () => CloudbedsConnector | null;
  /** `rates/changed` (an empty list after the import: reload the whole grid). */
  cellsChanged(cells: RateCell[]): void;
  /** Cells Cloudbeds confirmed, inside the transaction that records it (see RatePushDeps). */
  confirmedInTransaction?(cells: readonly { roomTypeId: number; date: string }[]): void;
  pollIntervalMs?: number;
  pollTimeoutMs?: number;
}

/** Before the pushes: nothing can be edited until the room types are there. */
const IMPORT_PRIORITY = PERSON_PRIORITY + 1;

/** The rate manager's part of the core (SPEC §5.1): its calls and job workers. */
export function createRatesDomain(deps: RatesDomainDeps) {
  const store = createRateStore(deps.db);
  const workers: JobWorker[] = [
    createRatePushWorker({ ...deps, store }),
    createRoomTypeImportWorker({ ...deps, store, imported: () => deps.cellsChanged([]) }),
  ];
  return {
    store,
    workers,
    /** Once the queue exists: follows push jobs' fate and returns the `rates/*` calls. */
    attach() {
      const queue = deps.queue();
      queue.events.on('job/changed', followPushJobs({ ...deps, store }));
      return createRateHandlers({
        ...deps,
        store,
        queue,
        // Queued by the first grid that finds nothing to show (the renderer asks as soon as it
        // opens), not at start: a core without the rate screen open, or without a Cloudbeds
        // lane (a test's), queues nothing. The key
        // makes it once; a failed import waits in Failed for a retry.
        requestImport: () => {
          if (queue.lanes.includes(RATE_IMPORT.lane)) queue.enqueue(newJob(RATE_IMPORT, {}, { priority: IMPORT_PRIORITY, idempotencyKey: RATE_IMPORT_KEY }));
        },
      });
    },
  };
}
