import { join } from 'node:path';
import { systemClock, type Clock } from './clock.js';
import { consoleLogger, type Logger } from './logger.js';
import { createInvoker, type Handlers } from './api/invoke.js';
import { createJobHandlers } from './api/job-handlers.js';
import { createSyncHandlers } from './api/sync-handlers.js';
import { DEFAULT_LANES } from './lanes.js';
import { createJobQueries } from './queue/job-queries.js';
import type { JobHandler, LaneConfig } from './queue/lane-runner.js';
import { createQueue } from './queue/queue.js';
import { createScheduler, type ScheduleSpec } from './queue/scheduler.js';
import { openStore } from './store/database.js';

export interface CoreOptions {
  /** Folder for the database (and, later, stored blobs). */
  dataDir: string;
  clock?: Clock;
  logger?: Logger;
  lanes?: LaneConfig[];
  /** Workers by job type. */
  jobHandlers?: Record<string, JobHandler>;
  schedules?: ScheduleSpec[];
  /** better-sqlite3 built for this runtime (Electron passes its own). */
  nativeBinding?: string;
  sweepMs?: number;
  retainFinishedMs?: number;
  stopGraceMs?: number;
}

export const DATABASE_FILE = 'sentinel.db';

/**
 * Builds the whole core from explicit dependencies: store, queue, scheduler and the handlers of
 * every contract call. Knows nothing of Electron or HTTP; a host wraps `invoke` and `events`.
 */
export function createCore(options: CoreOptions) {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? consoleLogger;
  const db = openStore({
    path: join(options.dataDir, DATABASE_FILE),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  const queue = createQueue({
    db,
    clock,
    logger,
    lanes: options.lanes ?? DEFAULT_LANES,
    handlers: options.jobHandlers ?? {},
    ...(options.sweepMs ? { sweepMs: options.sweepMs } : {}),
    ...(options.retainFinishedMs ? { retainFinishedMs: options.retainFinishedMs } : {}),
    ...(options.stopGraceMs !== undefined ? { stopGraceMs: options.stopGraceMs } : {}),
  });
  const scheduler = createScheduler({ db, queue, clock, logger, schedules: options.schedules ?? [] });
  const queries = createJobQueries(db);
  const handlers: Handlers = {
    ...createJobHandlers({ queries, queue, clock }),
    ...createSyncHandlers({ queue }),
  };
  let state: 'new' | 'started' | 'stopped' = 'new';

  return {
    db,
    queue,
    scheduler,
    /** Pushed events: `job/changed`, `sync/changed`. */
    events: queue.events,
    /** Validates and runs one contract call; never throws. */
    invoke: createInvoker(handlers, logger),
    start(): void {
      if (state !== 'new') return;
      state = 'started';
      queue.start();
      scheduler.start();
    },
    /** Stops scheduling and claiming, lets running jobs finish or go back, closes the database. */
    async stop(): Promise<void> {
      if (state === 'stopped') return;
      state = 'stopped';
      scheduler.stop();
      await queue.stop();
      db.close();
    },
  };
}

export type Core = ReturnType<typeof createCore>;
