import type { Clock } from '../clock.js';
import type { HotelCalendar } from '../hotel-calendar.js';
import type { MaidCentralConnector } from '../integrations/maidcentral/maidcentral.js';
import type { Logger } from '../logger.js';
import { newJob, type JobWorker } from '../queue/job-kind.js';
import type { Queue } from '../queue/queue.js';
import type { ScheduleSpec, Scheduler } from '../queue/scheduler.js';
import type { Db } from '../store/database.js';
import type { WriteFs } from './day-files.js';
import { createHousekeepingWorkers } from './housekeeping-fetch.js';
import { createHousekeepingHandlers } from './housekeeping-handlers.js';
import { DEFAULT_HOUSEKEEPING_CRON, HOUSEKEEPING_REFRESH, HOUSEKEEPING_SCHEDULE, REFRESH_COALESCE_KEY } from './housekeeping-jobs.js';
import { createHousekeepingStore } from './housekeeping-store.js';

export interface HousekeepingDomainDeps {
  db: Db;
  clock: Clock;
  calendar: HotelCalendar;
  logger: Logger;
  /** The data folder: days are stored in its `housekeeping/` folder. */
  dataDir: string;
  /** The queue is built after the job workers it runs, hence a getter. */
  queue: () => Queue;
  /** The scheduler is built after the queue, hence a getter. */
  scheduler: () => Pick<Scheduler, 'list'>;
  /** Null while MaidCentral has no connection settings. */
  maidcentral: () => MaidCentralConnector | null;
  /** `housekeeping/changed`: a day was stored, or its fetch failed. */
  changed(date: string): void;
  /** When the refresh runs, as a cron pattern on the hotel's clock (hourly by default). */
  cron?: string;
  writeFs?: WriteFs;
}

/**
 * The housekeeping schedule's part of the core (SPEC §5.5): its hourly refresh, its job workers
 * (the refresh and one fetch per day) and its calls, which read the stored files, never MaidCentral.
 */
export function createHousekeepingDomain(deps: HousekeepingDomainDeps) {
  const store = createHousekeepingStore(deps.db);
  const cron = deps.cron ?? DEFAULT_HOUSEKEEPING_CRON;
  const workers: JobWorker[] = createHousekeepingWorkers({ ...deps, store });
  return {
    store,
    workers,
    /** The hourly refresh, on the hotel's clock; none in a core without a MaidCentral lane (a test's). */
    schedules(): ScheduleSpec[] {
      if (!deps.queue().lanes.includes(HOUSEKEEPING_REFRESH.lane)) return [];
      const job = newJob(HOUSEKEEPING_REFRESH, { requestedBy: 'schedule' }, { coalesceKey: REFRESH_COALESCE_KEY });
      return [{ name: HOUSEKEEPING_SCHEDULE, cron, timezone: deps.calendar.timeZone, job }];
    },
    /** Once the queue and scheduler exist: the `housekeeping/*` calls. */
    attach() {
      return createHousekeepingHandlers({
        ...deps,
        store,
        queue: deps.queue(),
        connected: () => deps.maidcentral() !== null,
        schedule: () => {
          const run = deps.scheduler().list().find((schedule) => schedule.name === HOUSEKEEPING_SCHEDULE);
          return { cron: run?.cron ?? cron, nextRunAt: run?.nextRunAt ?? null, lastRunAt: run?.lastRunAt ?? null };
        },
      });
    },
  };
}
