import { join } from 'node:path';
import { systemClock, type Clock } from './clock.js';
import { consoleLogger, type Logger } from './logger.js';
import { createInvoker, type Handlers } from './api/invoke.js';
import { connectionModes, openConnections, type Connections, type LiveConnections } from './connectors/connections.js';
import { createJobHandlers } from './api/job-handlers.js';
import { createSyncHandlers } from './api/sync-handlers.js';
import { CallError } from './api/call-error.js';
import { createCoreEvents } from './core-events.js';
import { DEFAULT_LANES, LANE_SYSTEMS } from './lanes.js';
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
  /** Systems configured live; the others talk to the in-process sandbox (demo mode). */
  live?: LiveConnections;
}

export const DATABASE_FILE = 'sentinel.db';

/** Calls of the contract whose domain is still being built: a clear refusal, not a crash. */
function notBuiltYet<K extends keyof Handlers>(names: K[]): Pick<Handlers, K> {
  return Object.fromEntries(
    names.map((name) => [
      name,
      () => {
        throw new CallError('internal', `${name} is not available yet in this build`);
      },
    ]),
  ) as unknown as Pick<Handlers, K>;
}

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
  const queue = createQueue({
    db,
    clock,
    logger,
    lanes: withConnections(options.lanes ?? DEFAULT_LANES, options.live),
    handlers: options.jobHandlers ?? {},
    ...(options.sweepMs ? { sweepMs: options.sweepMs } : {}),
    ...(options.retainFinishedMs ? { retainFinishedMs: options.retainFinishedMs } : {}),
    ...(options.stopGraceMs !== undefined ? { stopGraceMs: options.stopGraceMs } : {}),
  });
  const scheduler = createScheduler({ db, queue, clock, logger, schedules: options.schedules ?? [] });
  const queries = createJobQueries(db);
  const events = createCoreEvents(queue, logger);
  const handlers: Handlers = {
    ...createJobHandlers({ queries, queue, clock }),
    ...createSyncHandlers({ queue }),
    ...notBuiltYet(['rates/grid', 'rates/submit', 'notifications/list', 'notifications/mark-read']),
  };
  let state: 'new' | 'starting' | 'started' | 'stopped' = 'new';
  let connections: Connections | null = null;

  return {
    db,
    queue,
    scheduler,
    /** Every pushed event of the contract. */
    events: { on: events.on, has: events.has },
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
      scheduler.stop();
      await queue.stop();
      await connections?.close();
      db.close();
    },
  };
}

export type Core = ReturnType<typeof createCore>;
