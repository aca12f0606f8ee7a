import { join } from 'node:path';
import type { CallResult, ValidCallArgs } from '../../shared/contract.js';
import { formatDayRange } from '../../shared/day-range.js';
import type { HousekeepingDayStatus } from '../../shared/housekeeping-contract.js';
import { CallError } from '../api/call-error.js';
import type { Clock } from '../clock.js';
import { acceptedDates, checkAcceptedDate, type HotelCalendar } from '../hotel-calendar.js';
import type { Logger } from '../logger.js';
import { newJob } from '../queue/job-kind.js';
import { createJobQueries } from '../queue/job-queries.js';
import type { Queue } from '../queue/queue.js';
import type { Db } from '../store/database.js';
import { DamagedFileError, readSealedFile } from './day-files.js';
import { dayView, emptyDay } from './day-view.js';
import { fetchedDates, priorityOf } from './housekeeping-fetch.js';
import { dayCoalesceKey, HOUSEKEEPING_DAY, HOUSEKEEPING_REFRESH, REFRESH_COALESCE_KEY } from './housekeeping-jobs.js';
import { isStored, sealOfRow, type DayRow, type HousekeepingStore, type StoredDayRow } from './housekeeping-store.js';
import { wallClockAt } from '../hotel-calendar.js';
import { dayFileName, dayFolder, decodeStoredDay } from './stored-day.js';

export interface HousekeepingHandlerDeps {
  db: Db;
  store: HousekeepingStore;
  queue: Queue;
  clock: Clock;
  /** The hotel's today and wall clock: which seven days, and where each cleaning stands. */
  calendar: HotelCalendar;
  logger: Logger;
  dataDir: string;
  /** The hourly schedule as the scheduler has it (null until the core has started it). */
  schedule(): { cron: string; nextRunAt: string | null; lastRunAt: string | null };
  /** MaidCentral has connection settings. */
  connected(): boolean;
  changed(date: string): void;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function dayStatus(date: string, row: DayRow | undefined, fetching: boolean): HousekeepingDayStatus {
  const stored = isStored(row);
  return {
    date,
    state: row?.last_error ? 'failed' : stored ? 'ok' : 'missing',
    fetchedAt: iso(row?.fetched_at ?? null),
    size: row?.size ?? null,
    cleanings: row?.cleanings ?? null,
    lastError: row?.last_error ?? null,
    failedAt: iso(row?.failed_at ?? null),
    fetching,
  };
}

/** `housekeeping/day`, `housekeeping/status` and `housekeeping/refresh`. */
export function createHousekeepingHandlers(deps: HousekeepingHandlerDeps) {
  const { db, store, queue, clock, calendar } = deps;
  const jobs = createJobQueries(db);
  const hasLane = () => queue.lanes.includes(HOUSEKEEPING_REFRESH.lane);

  function queueRefresh(options: { idempotencyKey?: string } = {}): number {
    const [queued] = queue.enqueue(
      newJob(HOUSEKEEPING_REFRESH, { requestedBy: 'person' }, { priority: priorityOf('person'), coalesceKey: REFRESH_COALESCE_KEY, ...options }),
    );
    return queued!.id;
  }

  /**
   * A stored file that is not what was written is never shown: the day says why, a fetch of it
   * is queued (once per damaged copy), and the caller gets a `corrupt` refusal naming the day.
   */
  function refuseDamaged(row: StoredDayRow, reason: string): CallError {
    const { date } = row;
    const note = `The stored file was damaged (${reason}); fetching it again`;
    // Told once: a screen reading the day again on the news must not hear of it again and again.
    const news = row.last_error !== note;
    db.transaction(() => {
      if (news) store.recordFailure(date, note, clock.now());
      if (hasLane()) {
        queue.enqueue(
          newJob(
            HOUSEKEEPING_DAY,
            { date, requestedBy: 'repair' },
            { priority: priorityOf('repair'), idempotencyKey: `housekeeping/repair:${date}:${row.sha256}`, coalesceKey: dayCoalesceKey(date) },
          ),
        );
      }
    })();
    if (news) {
      deps.logger.warn('a stored housekeeping day failed its check; fetching it again', { date, reason });
      deps.changed(date);
    }
    return new CallError(
      'corrupt',
      `date: the stored schedule of ${formatDayRange(date)} cannot be used (${reason}), so it is not shown; it is being fetched again from MaidCentral`,
      'date',
    );
  }

  function day({ date }: ValidCallArgs<'housekeeping/day'>): CallResult<'housekeeping/day'> {
    checkAcceptedDate(date, 'date', acceptedDates(calendar));
    const now = wallClockAt(clock.now(), calendar.timeZone);
    const row = store.day(date);
    if (!isStored(row)) return emptyDay(date, now);
    let data: Buffer;
    try {
      data = readSealedFile(join(dayFolder(deps.dataDir), dayFileName(date, row.sha256)), sealOfRow(row));
    } catch (error) {
      if (error instanceof DamagedFileError) throw refuseDamaged(row, error.message);
      throw error;
    }
    const stored = decodeStoredDay(data);
    if (!stored) throw refuseDamaged(row, 'it is not a schedule this version of the app can read');
    return dayView({ stored, staff: store.staff(), now, instantAt: calendar.instantAt });
  }

  function status(): CallResult<'housekeeping/status'> {
    const dates = fetchedDates(calendar);
    // The first look at the screen fetches at once rather than at the next hour (once: the key).
    if (hasLane() && !store.hasAnyDay()) queueRefresh({ idempotencyKey: 'housekeeping/refresh:initial' });
    const rows = new Map(store.daysBetween(dates[0]!, dates.at(-1)!).map((row) => [row.date, row]));
    const pending = store.pendingDates();
    return {
      days: dates.map((date) => dayStatus(date, rows.get(date), pending.has(date))),
      schedule: { ...deps.schedule(), timeZone: calendar.timeZone },
      refreshing: jobs.firstWaiting(HOUSEKEEPING_REFRESH, { orRunning: true }) !== undefined,
      connected: deps.connected(),
    };
  }

  function refresh(): CallResult<'housekeeping/refresh'> {
    if (!hasLane()) throw new CallError('conflict', 'This app has no MaidCentral lane, so nothing can be fetched');
    return { jobId: queueRefresh() };
  }

  return { 'housekeeping/day': day, 'housekeeping/status': status, 'housekeeping/refresh': refresh };
}
