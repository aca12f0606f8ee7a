import type { ReconciliationRun, ReservationItem } from '../../shared/reconciliation-contract.js';
import type { Clock } from '../clock.js';
import { createDoorPinsDomain, type DoorPinOptions } from '../door-pins/door-pins-domain.js';
import type { HotelCalendar } from '../hotel-calendar.js';
import type { SeamConnector } from '../integrations/seam/seam.js';
import type { StaysConnector } from '../integrations/stays/stays.js';
import type { Logger } from '../logger.js';
import { newJob, type JobWorker } from '../queue/job-kind.js';
import type { Queue } from '../queue/queue.js';
import type { ScheduleSpec, Scheduler } from '../queue/scheduler.js';
import type { Db } from '../store/database.js';
import { createMirrorStore } from './mirror-store.js';
import { DEFAULT_RECONCILE_CRON, RECONCILE, RECONCILE_SCHEDULE } from './reconcile-jobs.js';
import { createReconcileWorker } from './reconcile-run.js';
import { createReconciliationHandlers } from './reconciliation-handlers.js';
import { createReservationQueries } from './reservation-queries.js';
import { createRunLog } from './run-log.js';

export interface ReconciliationOptions {
  /** When runs are queued, on the hotel's clock (every 30 minutes); null: on demand only. */
  cron?: string | null;
  /** Waits before each new try of a failed fetch within a run (2 s, 4 s, 8 s). */
  retryDelaysMs?: readonly number[];
  /** Door PINs: how the lock is waited for. */
  doorPins?: DoorPinOptions;
}

export interface ReconciliationDomainDeps {
  db: Db;
  clock: Clock;
  calendar: HotelCalendar;
  logger: Logger;
  queue: () => Queue;
  scheduler: () => Scheduler;
  stays: () => StaysConnector | null;
  seam: () => SeamConnector | null;
  runChanged(run: ReconciliationRun): void;
  /** Reservations changed; an empty list: many did, reload. */
  reservationsChanged(reservations: () => ReservationItem[]): void;
  options?: ReconciliationOptions;
}

/**
 * Reconciliation with Stays and the door PINs it keeps (SPEC §5.3): its job workers, its schedule
 * (merged with the core's), and, once the queue exists, its calls.
 */
export function createReconciliationDomain(deps: ReconciliationDomainDeps) {
  const runLog = createRunLog(deps.db);
  const reservations = createReservationQueries(deps.db);
  const pinChanged = (id: number) => deps.reservationsChanged(() => [reservations.item(id)].filter((item) => item !== undefined));
  const { options, ...shared } = deps;
  const reload = () => deps.reservationsChanged(() => []);
  const doorPins = createDoorPinsDomain({ ...shared, pinChanged, locksChanged: reload, ...(options?.doorPins ? { options: options.doorPins } : {}) });
  const reconcile = createReconcileWorker({
    ...shared,
    runLog,
    mirror: createMirrorStore(deps.db),
    planner: doorPins.planner,
    reservationsChanged: reload,
    ...(options?.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
  });
  const cron = options?.cron === undefined ? DEFAULT_RECONCILE_CRON : options.cron;
  const schedules: ScheduleSpec[] = cron === null ? [] : [{ name: RECONCILE_SCHEDULE, cron, timezone: deps.calendar.timeZone, job: newJob(RECONCILE, { trigger: 'schedule' }) }];
  const workers: JobWorker[] = [reconcile, ...doorPins.workers];

  return {
    workers,
    schedules,
    /** Once the queue exists: follows PIN jobs, closes runs an earlier app left open, and returns the calls. */
    attach() {
      doorPins.attach();
      runLog.closeInterrupted(deps.clock.now());
      return createReconciliationHandlers({
        ...deps,
        queue: deps.queue(),
        runLog,
        reservations,
        schedule: () =>
          cron === null
            ? null
            : { cron, timeZone: deps.calendar.timeZone, nextRunAt: deps.scheduler().list().find((row) => row.name === RECONCILE_SCHEDULE)?.nextRunAt ?? null },
      });
    },
  };
}
