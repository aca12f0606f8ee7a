import type { RateCell } from '../../shared/rates-contract.js';
import type { Clock } from '../clock.js';
import type { CloudbedsConnector } from '../integrations/cloudbeds/cloudbeds.js';
import type { JobHandler } from '../queue/lane-runner.js';
import type { Queue } from '../queue/queue.js';
import type { Db } from '../store/database.js';
import { PERSON_PRIORITY, RATE_PUSH_JOB } from './rate-enqueue.js';
import { createRateHandlers } from './rate-handlers.js';
import { createRatePushHandler, followPushJobs } from './rate-push.js';
import { createRateStore } from './rate-store.js';
import { createRoomTypeImportHandler, RATE_IMPORT_JOB, RATE_IMPORT_KEY } from './room-type-import.js';

export interface RatesDomainDeps {
  db: Db;
  clock: Clock;
  /** The queue is built after the job handlers it runs, hence a getter. */
  queue: () => Queue;
  cloudbeds: () => CloudbedsConnector | null;
  /** `rates/changed` (an empty list after the import: reload the whole grid). */
  cellsChanged(cells: RateCell[]): void;
  pollIntervalMs?: number;
}

/** Before the pushes: nothing can be edited until the room types are there. */
const IMPORT_PRIORITY = PERSON_PRIORITY + 1;

/** The rate manager's part of the core (SPEC §5.1): its calls and job workers. */
export function createRatesDomain(deps: RatesDomainDeps) {
  const store = createRateStore(deps.db);
  const jobHandlers: Record<string, JobHandler> = {
    [RATE_PUSH_JOB]: createRatePushHandler({ ...deps, store }),
    [RATE_IMPORT_JOB]: createRoomTypeImportHandler({ ...deps, store, imported: () => deps.cellsChanged([]) }),
  };
  return {
    store,
    jobHandlers,
    /** Once the queue exists: follows push jobs' fate and returns the `rates/*` calls. */
    attach() {
      const queue = deps.queue();
      queue.events.on('job/changed', followPushJobs({ ...deps, store }));
      return createRateHandlers({
        ...deps,
        store,
        queue,
        // Queued by the first grid that finds nothing to show (the renderer asks as soon as it
        // opens), not at start: a core without the rate screen open, or without a cloudbeds
        // lane, queues nothing. The key makes it once; a failed import waits in Failed for a retry.
        requestImport: () => {
          if (queue.lanes.includes('cloudbeds')) {
            queue.enqueue({ lane: 'cloudbeds', type: RATE_IMPORT_JOB, payload: {}, priority: IMPORT_PRIORITY, idempotencyKey: RATE_IMPORT_KEY });
          }
        },
      });
    },
  };
}
