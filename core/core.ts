import { join } from 'node:path';
import { systemClock, type Clock } from './clock.js';
import { hotelCalendar } from './hotel-calendar.js';
import { consoleLogger, type Logger } from './logger.js';
import { createInvoker, type Handlers } from './api/invoke.js';
import { createJobHandlers } from './api/job-handlers.js';
import { createSyncHandlers } from './api/sync-handlers.js';
import { createCoreEvents } from './core-events.js';
import { connectAll, connectOne, type ConnectOptions, type Connectors } from './integrations/connections.js';
import { integrationOfLane, type ConnectionSettingsMap, type SystemId } from './integrations/index.js';
import { integrationLanes } from './integrations/lanes.js';
import { createNotificationHandlers } from './notifications/notification-handlers.js';
import { createNotificationStore } from './notifications/notification-store.js';
import { createNotifier } from './notifications/notifier.js';
import { createJobQueries } from './queue/job-queries.js';
import type { JobWorker } from './queue/job-kind.js';
import type { LaneConfig } from './queue/lane-runner.js';
import { createQueue } from './queue/queue.js';
import { createScheduler, type ScheduleSpec } from './queue/scheduler.js';
import { openStore } from './store/database.js';
import { createRatesDomain } from './rates/rates-domain.js';
import { createHousekeepingDomain } from './housekeeping/housekeeping-domain.js';
import { createHotelDomain } from './hotel/hotel-domain.js';
import type { WriteFs } from './housekeeping/day-files.js';
import { createReconciliationDomain, type ReconciliationOptions } from './reconciliation/reconciliation-domain.js';
import { testConnection } from './settings/connection-test.js';
import { memoryVault, type SecretVault } from './settings/secret-vault.js';
import { createSettingsDomain } from './settings/settings-domain.js';
import { createChannelDomain, type ChannelOptions } from './channel/channel-domain.js';
import { CHANNEL_POLL_SCHEDULES } from './channel/channel-jobs.js';

export interface CoreOptions {
  /** Folder for the database and stored files (housekeeping days in `housekeeping/`). */
  dataDir: string;
  /**
   * How to reach each remote system while Settings keep it in demo mode: the simulated ones the
   * host started (or a test's). A system switched to live in Settings uses the vendor's address
   * and the credentials in `vault` instead. A system with neither is not connected; its jobs wait.
   */
  connections?: ConnectionSettingsMap;
  /** Where the host keeps connection secrets, encrypted (in memory when not given: tests). */
  vault?: SecretVault;
  clock?: Clock;
  logger?: Logger;
  /** Lanes instead of one per integration (tests, benches); a lane named after an integration keeps its name and mode. */
  lanes?: LaneConfig[];
  /** Workers besides the flows' own (tests). */
  workers?: JobWorker[];
  schedules?: ScheduleSpec[];
  /** better-sqlite3 built for this runtime (Electron passes its own). */
  nativeBinding?: string;
  sweepMs?: number;
  retainFinishedMs?: number;
  stopGraceMs?: number;
  /** Events of one kind inside this window make one notification that counts (default 60 s). */
  notificationGroupWindowMs?: number;
  /** The hotel's IANA time zone at a first start (UTC when not given); from then on Settings keep it. */
  timeZone?: string;
  /** Between polls of a Cloudbeds rate job (200 ms by default). */
  ratePollIntervalMs?: number;
  /** How long one attempt of a push follows its Cloudbeds rate job (2 minutes by default). */
  ratePollTimeoutMs?: number;
  /** When the housekeeping schedule is fetched from MaidCentral: cron on the hotel's clock (hourly, `0 * * * *`, by default). */
  housekeepingCron?: string;
  /** The file operations housekeeping days are written with (tests put faults in between). */
  housekeepingFiles?: WriteFs;
  /** Reconciliation with Stays and door PINs: its schedule (every 30 minutes), retries, lock waits. */
  reconciliation?: ReconciliationOptions;
  /** When the hotel's name and currency are fetched again from Cloudbeds: cron on the hotel's clock (daily by default); null: only at the first look. */
  hotelDetailsCron?: string | null;
  /** Channel sync with Beds24: its poll schedule and the webhooks' shared secret. */
  channel?: ChannelOptions;
}

export const DATABASE_FILE = 'sentinel.db';

/** Given lanes, completed with what the integration of the same name says (display name, mode). */
function lanesFor(options: CoreOptions): LaneConfig[] {
  const standard = integrationLanes(options.connections ?? {});
  if (!options.lanes) return standard;
  return options.lanes.map((lane) => {
    const integration = integrationOfLane(lane.name);
    const mode = standard.find((candidate) => candidate.name === lane.name)?.connection;
    return integration ? { displayName: integration.displayName, ...(mode ? { connection: mode } : {}), ...lane } : lane;
  });
}

/**
 * Builds the whole core from explicit dependencies: store, queue, connectors, scheduler and the
 * handlers of every contract call. Knows nothing of Electron, HTTP or the demo's simulator; a
 * host passes the connection settings and wraps `invoke` and `events`.
 */
export function createCore(options: CoreOptions) {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? consoleLogger;
  const db = openStore({
    path: join(options.dataDir, DATABASE_FILE),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  const settings = createSettingsDomain({
    db,
    clock,
    logger,
    vault: options.vault ?? memoryVault(),
    initialTimeZone: options.timeZone ?? 'UTC',
    hostWebhookSecret: Boolean(options.channel?.webhookSecret),
    demoConnections: options.connections ?? {},
    queue: () => queue,
    reconnect(system, connection) {
      (connectors as Record<SystemId, unknown>)[system] = connectOne(system, connection, connectHooks);
      if (queue.lanes.includes(system)) queue.reconnected(system, connection?.mode);
    },
    // Beds24 polling times two schedules: Beds24's bookings and Cloudbeds' (both by modification time).
    retime: (name, cron, timeZone) => {
      for (const schedule of name === 'beds24Polling' ? CHANNEL_POLL_SCHEDULES : [name]) scheduler.retime(schedule, { cron, timezone: timeZone });
    },
    changed: (view) => events.domain.emit('settings/changed', () => view),
  });
  // Every request a connector sends first waits for its lane's published limit.
  const connectHooks: Omit<ConnectOptions, 'settings'> = {
    clock,
    beforeRequest: (system) => (signal) => queue.acquireRequest(system, signal),
    reportBudget: (system, budget) => queue.reportBudget(system, budget),
  };
  // Domains read connectors through getters, so a system reconnected from Settings is used at once.
  const connectors: Connectors = connectAll({ settings: settings.connections(), ...connectHooks });
  const calendar = hotelCalendar(clock, settings.timeZone);
  const rates = createRatesDomain({
    db,
    clock,
    calendar,
    queue: () => queue,
    cloudbeds: () => connectors.cloudbeds,
    cellsChanged: (cells) => {
      events.domain.emit('rates/changed', () => ({ cells }));
      // Only Cloudbeds' confirmations mark nights for Beds24: a submit (cells saved) has nothing to push.
      if (cells.some((cell) => cell.state === 'synced')) channel.availabilityMayHaveChanged();
    },
    // A rate Cloudbeds confirmed goes on to Beds24, marked in the same transaction.
    confirmedInTransaction: (cells) => channel.markConfirmedRates(cells),
    ...(options.ratePollIntervalMs !== undefined ? { pollIntervalMs: options.ratePollIntervalMs } : {}),
    ...(options.ratePollTimeoutMs !== undefined ? { pollTimeoutMs: options.ratePollTimeoutMs } : {}),
  });
  const housekeeping = createHousekeepingDomain({
    db,
    clock,
    calendar,
    logger,
    dataDir: options.dataDir,
    queue: () => queue,
    scheduler: () => scheduler,
    maidcentral: () => connectors.maidcentral,
    changed: (date) => events.domain.emit('housekeeping/changed', () => ({ date })),
    cron: options.housekeepingCron ?? settings.scheduleCron('housekeeping'),
    ...(options.housekeepingFiles ? { writeFs: options.housekeepingFiles } : {}),
  });
  const reconciliation = createReconciliationDomain({
    db,
    clock,
    calendar,
    logger,
    queue: () => queue,
    scheduler: () => scheduler,
    stays: () => connectors.stays,
    seam: () => connectors.seam,
    runChanged: (run) => events.domain.emit('reconciliation/changed', () => run),
    reservationsChanged: (reservations) => events.domain.emit('reservation/changed', () => ({ reservations: reservations() })),
    options: { cron: settings.scheduleCron('reconciliation'), ...options.reconciliation },
  });
  const hotel = createHotelDomain({
    db,
    clock,
    calendar,
    queue: () => queue,
    cloudbeds: () => connectors.cloudbeds,
    changed: (details) => {
      const stored = hotel.store.read();
      if (stored) settings.learnFromHotel({ name: stored.name, currency: stored.currency?.code ?? null, propertyId: stored.propertyId });
      events.domain.emit('hotel/changed', () => details);
    },
    ...(options.hotelDetailsCron !== undefined ? { cron: options.hotelDetailsCron } : {}),
  });
  const channel = createChannelDomain({
    db,
    clock,
    calendar,
    queue: () => queue,
    beds24: () => connectors.beds24,
    cloudbeds: () => connectors.cloudbeds,
    eventChanged: (event) => events.domain.emit('channel/event', () => event),
    reservationsChanged: (reservations) => events.domain.emit('reservation/changed', () => ({ reservations: reservations() })),
    savedWebhookSecret: settings.webhookListener.secret,
    confirmedRates: (roomTypeId, night) => rates.store.confirmed(roomTypeId, night),
    // The poll's pattern comes from Settings unless the host was told one (or `off`).
    options: { pollCron: settings.scheduleCron('beds24Polling'), ...options.channel },
  });
  const queue = createQueue({
    db,
    clock,
    logger,
    lanes: lanesFor({ ...options, connections: settings.connections() }),
    workers: [...rates.workers, ...hotel.workers, ...housekeeping.workers, ...reconciliation.workers, ...channel.workers, ...(options.workers ?? [])],
    ...(options.sweepMs ? { sweepMs: options.sweepMs } : {}),
    ...(options.retainFinishedMs ? { retainFinishedMs: options.retainFinishedMs } : {}),
    ...(options.stopGraceMs !== undefined ? { stopGraceMs: options.stopGraceMs } : {}),
  });
  const scheduler = createScheduler({
    db,
    queue,
    clock,
    logger,
    // A flow's schedule runs only where its lane does (a test's core may have a lane or two).
    schedules: [...hotel.schedules(), ...housekeeping.schedules(), ...reconciliation.schedules, ...channel.schedules, ...(options.schedules ?? [])].filter((spec) =>
      queue.lanes.includes(spec.job.kind.lane),
    ),
  });
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
    onResolved: (notifications, unread) => {
      for (const notification of notifications) events.domain.emit('notification/changed', () => notification);
      events.domain.emit('notifications/read', () => ({ unread }));
    },
  });
  notifier.start();
  const handlers: Handlers = {
    ...createJobHandlers({ queries, queue, clock }),
    ...createSyncHandlers({ queue }),
    ...createNotificationHandlers({ store: notificationStore, events: events.domain }),
    ...rates.attach(),
    ...hotel.attach(),
    ...housekeeping.attach(),
    ...reconciliation.attach(),
    ...settings.attach(),
    'connections/test': async ({ system }) => {
      const outcome = await testConnection(system, connectors[system], calendar.today());
      const at = clock.now();
      settings.recordTest(system, outcome, at);
      settings.announce();
      return { system, ...outcome, at: new Date(at).toISOString() };
    },
    ...channel.attach(),
  };
  let state: 'new' | 'started' | 'stopped' = 'new';

  return {
    db,
    queue,
    scheduler,
    /** The hotel's today and wall-clock times. */
    calendar,
    /** Property, connections, schedules and notification choices (issue 11). */
    settings,
    /** Each remote system's connector (null when it has no connection settings). */
    connectors,
    /** Every pushed event of the contract. */
    events: { on: events.on, listenerCount: events.listenerCount },
    /** Channel sync: the Beds24 webhook receiver (hosts route `POST /webhooks/beds24` to it) and a poll on demand. */
    channel: { receiveBeds24Webhook: channel.receiveBeds24Webhook, pollNow: channel.pollNow },
    /** Validates and runs one contract call; never throws. */
    invoke: createInvoker(handlers, logger, { storageFailed: (error) => queue.storageFailed(error) }),
    /** Starts the queue and the schedules. */
    async start(): Promise<void> {
      if (state !== 'new') return;
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
      db.close();
    },
  };
}

export type Core = ReturnType<typeof createCore>;
