import { join } from 'node:path';
import { systemClock, type Clock } from './clock.js';
import { consoleLogger, type Logger } from './logger.js';
import { createInvoker, type Handlers } from './api/invoke.js';
import { connectionModes, openConnections, type Connections, type LiveConnections } from './integrations/connections.js';
import { createJobHandlers } from './api/job-handlers.js';
import { createSyncHandlers } from './api/sync-handlers.js';
import { createCoreEvents } from './core-events.js';
import { createNotificationHandlers } from './notifications/notification-handlers.js';
import { createNotificationStore } from './notifications/notification-store.js';
import { createNotifier } from './notifications/notifier.js';
import { DEFAULT_LANES, LANE_SYSTEMS } from './lanes.js';
import { createJobQueries } from './queue/job-queries.js';
import type { JobHandler, LaneConfig } from './queue/lane-runner.js';
import { createQueue } from './queue/queue.js';
import { createScheduler, type ScheduleSpec } from './queue/scheduler.js';
import { openStore } from './store/database.js';
import { createRatesDomain } from './rates/rates-domain.js';

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
  /** Systems configured live; the others talk to the in-process sandbox (demo mode). */
  live?: LiveConnections;
  /** Events of one kind inside this window make one notification that counts (default 60 s). */
  notificationGroupWindowMs?: number;
  /** Between polls of a Cloudbeds rate job (200 ms by default). */
  ratePollIntervalMs?: number;
}

export const DATABASE_FILE = 'sentinel.db';

/** Labels each lane that talks to a remote system with how it does: demo (sandbox) or live. */
function withConnections(lanes: LaneConfig[], live: LiveConnections | undefined): LaneConfig[] {
  const modes = connectionModes(live);
  return lanes.map((lane) => {
    const system = LANE_SYSTEMS[lane.name as keyof typeof LANE_SYSTEMS] as keyof typeof modes | undefined;
    return system ? { ...lane, connection: modes[system] } : lane;
  });
}

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
  let connections: Connections | null = null;
  const rates = createRatesDomain({
    db,
    clock,
    queue: () => queue,
    cloudbeds: () => connections?.connectors.cloudbeds ?? null,
    cellsChanged: (cells) => events.domain.emit('rates/changed', () => ({ cells })),
    ...(options.ratePollIntervalMs !== undefined ? { pollIntervalMs: options.ratePollIntervalMs } : {}),
  });
  const queue = createQueue({
    db,
    clock,
    logger,
    lanes: withConnections(options.lanes ?? DEFAULT_LANES, options.live),
    handlers: { ...rates.jobHandlers, ...options.jobHandlers },
    ...(options.sweepMs ? { sweepMs: options.sweepMs } : {}),
    ...(options.retainFinishedMs ? { retainFinishedMs: options.retainFinishedMs } : {}),
    ...(options.stopGraceMs !== undefined ? { stopGraceMs: options.stopGraceMs } : {}),
  });
  const scheduler = createScheduler({ db, queue, clock, logger, schedules: options.schedules ?? [] });
  const queries = createJobQueries(db);
  const events = createCoreEvents(queue, logger);
  const notificationStore = createNotificationStore(db);
  // Listens from the start, so jobs recovered or failed while starting are told about too.
  const notifier = createNotifier({
    queue,
    store: notificationStore,
    clock,
    logger,
    ...(options.notificationGroupWindowMs !== undefined ? { groupWindowMs: options.notificationGroupWindowMs } : {}),
    onNotification: (notification) => events.domain.emit('notification/new', () => notification),
  });
  notifier.start();
  const handlers: Handlers = {
    ...createJobHandlers({ queries, queue, clock }),
    ...createSyncHandlers({ queue }),
    ...createNotificationHandlers({ store: notificationStore, events: events.domain }),
    ...rates.attach(),
  };
  let state: 'new' | 'starting' | 'started' | 'stopped' = 'new';

  return {
    db,
    queue,
    scheduler,
    /** Every pushed event of the contract. */
    events: { on: events.on, listenerCount: events.listenerCount },
    /** Validates and runs one contract call; never throws. */
    invoke: createInvoker(handlers, logger),
    /** The connectors (and, in demo mode, the sandbox they talk to); null until started. */
    get connections(): Connections | null {
      return connections;
    },
    /** Opens the connections (starting the sandbox in demo mode), then the queue and schedules. */
    async start(): Promise<void> {
      if (state !== 'new') return;
      state = 'starting';
      const opened = await openConnections({
        ...(options.live ? { live: options.live } : {}),
        clock,
        onBeds24Credits: (credits) => queue.reportBudget('beds24', credits),
      });
      if (state !== 'starting') return void (await opened.close());
      connections = opened;
      state = 'started';
      queue.start();
      scheduler.start();
    },
    /** Stops scheduling and claiming, lets running jobs finish or go back, closes the database. */
    async stop(): Promise<void> {
      if (state === 'stopped') return;
      state = 'stopped';
      notifier.stop();
      scheduler.stop();
      await queue.stop();
      await connections?.close();
      db.close();
    },
  };
}

export type Core = ReturnType<typeof createCore>;
