import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { HOUSEKEEPING_DAYS } from '../../shared/housekeeping-contract.js';
import { addDays } from '../../shared/iso-date.js';
import type { Clock } from '../clock.js';
import type { HotelCalendar } from '../hotel-calendar.js';
import type { MaidCentralConnector, MaidCentralJob } from '../integrations/maidcentral/maidcentral.js';
import type { Logger } from '../logger.js';
import { newJob, PERSON_PRIORITY, workerFor, type JobWorker } from '../queue/job-kind.js';
import type { Queue } from '../queue/queue.js';
import type { Db } from '../store/database.js';
import { listFolder, removeStaleTemps, sealOf, writeFileAtomically, type FileSeal, type WriteFs } from './day-files.js';
import { dayCoalesceKey, HOUSEKEEPING_DAY, HOUSEKEEPING_REFRESH, notConnected, type RequestedBy } from './housekeeping-jobs.js';
import type { HousekeepingStore } from './housekeeping-store.js';
import { dateOfFileName, dayFileName, dayFolder, encodeStoredDay } from './stored-day.js';

/** Days before the hotel's today kept (files and rows); older ones are forgotten at each refresh. */
export const KEEP_PAST_DAYS = 14;
/** A temporary file this old was left by a crash, not by a write in progress. */
const STALE_TEMP_MS = 60 * 60_000;

export interface HousekeepingFetchDeps {
  db: Db;
  store: HousekeepingStore;
  clock: Clock;
  calendar: HotelCalendar;
  logger: Logger;
  dataDir: string;
  /** The queue is built after the job workers it runs, hence a getter. */
  queue: () => Queue;
  /** Null while MaidCentral has no connection settings. */
  maidcentral: () => MaidCentralConnector | null;
  /** A day was stored, or its fetch failed. */
  changed(date: string): void;
  /** File operations of the atomic write (tests put faults in). */
  writeFs?: WriteFs;
}

/** A person's fetch goes before background sync; the schedule's after it. */
export const priorityOf = (by: RequestedBy) => (by === 'schedule' ? 0 : PERSON_PRIORITY);

/** The hotel's today and the days after it that a refresh fetches. */
export const fetchedDates = (calendar: Pick<HotelCalendar, 'today'>) => {
  const today = calendar.today();
  return Array.from({ length: HOUSEKEEPING_DAYS }, (_, i) => addDays(today, i));
};

/**
 * `housekeeping/refresh`: the staff (for each person's roles), then one `housekeeping/day` job
 * per day, so a day that fails is retried on its own while the others are stored. Each day job's
 * key is the refresh's own (the schedule slot's) plus the date: a refresh run again after a
 * crash queues no second copy.
 */
function createRefreshWorker(deps: HousekeepingFetchDeps): JobWorker {
  return workerFor(HOUSEKEEPING_REFRESH, async ({ requestedBy }, context) => {
    const connector = deps.maidcentral();
    if (!connector) throw notConnected();
    const users = await connector.getUsers();
    context.recordResponse({ httpStatus: users.httpStatus, ...(users.requestId ? { requestId: users.requestId } : {}) });
    const dates = fetchedDates(deps.calendar);
    const slot = context.job.idempotencyKey ?? `job:${context.job.id}`;
    const staff = deps.db.transaction(() => {
      const count = deps.store.replaceStaff(users.data);
      deps.queue().enqueue(
        dates.map((date) =>
          newJob(
            HOUSEKEEPING_DAY,
            { date, requestedBy },
            { priority: priorityOf(requestedBy), idempotencyKey: `housekeeping/day:${slot}:${date}`, coalesceKey: dayCoalesceKey(date) },
          ),
        ),
      );
      return count;
    })();
    const forgotten = forgetPastDays(deps, dates[0]!);
    return { staff, days: dates, forgotten };
  });
}

/** Forgets days more than KEEP_PAST_DAYS before today, rows then files, and temporary files a crash left. */
function forgetPastDays(deps: HousekeepingFetchDeps, today: string): number {
  const before = addDays(today, -KEEP_PAST_DAYS);
  const folder = dayFolder(deps.dataDir);
  const forgotten = deps.db.transaction(() => deps.store.forgetBefore(before))();
  // Files too, whether or not a row knew them (a crash between a rename and its row).
  for (const name of listFolder(folder)) {
    const date = dateOfFileName(name);
    if (date !== null && date < before) rmSync(join(folder, name), { force: true });
  }
  removeStaleTemps(folder, deps.clock.now(), STALE_TEMP_MS);
  return forgotten.length;
}

/**
 * `housekeeping/day`: one day's schedule from MaidCentral, written atomically under a name
 * made from its checksum, then recorded (size and SHA-256) in place of the day's previous copy,
 * whose file is removed only then. A read never meets a file its record does not describe.
 */
function createDayWorker(deps: HousekeepingFetchDeps): JobWorker {
  return workerFor(HOUSEKEEPING_DAY, async ({ date }, context) => {
    try {
      const connector = deps.maidcentral();
      if (!connector) throw notConnected();
      const answer = await connector.getScheduleDay(date);
      context.recordResponse({ httpStatus: answer.httpStatus, ...(answer.requestId ? { requestId: answer.requestId } : {}) });
      const seal = await storeDay(deps, date, answer.data, { fetchedAt: deps.clock.now(), requestId: answer.requestId ?? null });
      deps.changed(date);
      return { date, cleanings: answer.data.length, size: seal.size, sha256: seal.sha256 };
    } catch (error) {
      recordFailure(deps, date, error);
      throw error;
    }
  });
}

/**
 * Stores one day's jobs: written atomically under a name made from the checksum, recorded in
 * one transaction, then the day's earlier copy removed. Answers what the file must be.
 */
export async function storeDay(
  deps: Pick<HousekeepingFetchDeps, 'db' | 'store' | 'dataDir' | 'writeFs'>,
  date: string,
  jobs: MaidCentralJob[],
  fetched: { fetchedAt: number; requestId: string | null },
): Promise<FileSeal> {
  const data = encodeStoredDay({ date, fetchedAt: new Date(fetched.fetchedAt).toISOString(), requestId: fetched.requestId, jobs });
  const seal = sealOf(data);
  const folder = dayFolder(deps.dataDir);
  const name = dayFileName(date, seal.sha256);
  await writeFileAtomically(folder, name, data, deps.writeFs);
  deps.db.transaction(() => deps.store.recordStored(date, seal, jobs.length, fetched.fetchedAt))();
  removeOtherCopies(folder, date, name);
  return seal;
}

/** The day's earlier copies (and any a crash left unrecorded): the record now names `keep`. */
function removeOtherCopies(folder: string, date: string, keep: string): void {
  for (const name of listFolder(folder)) {
    if (name !== keep && dateOfFileName(name) === date) rmSync(join(folder, name), { force: true });
  }
}

/** The day's status says the fetch failed, and why; the queue decides about the retry. */
function recordFailure(deps: HousekeepingFetchDeps, date: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  try {
    deps.db.transaction(() => deps.store.recordFailure(date, message, deps.clock.now()))();
    deps.changed(date);
  } catch (failure) {
    // A full disk refuses this too; the job's own record of the failure is what counts.
    deps.logger.warn('could not record a housekeeping day’s failed fetch', { date, error: String(failure) });
  }
}

export function createHousekeepingWorkers(deps: HousekeepingFetchDeps): JobWorker[] {
  return [createRefreshWorker(deps), createDayWorker(deps)];
}
