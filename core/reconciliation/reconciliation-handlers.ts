import type { CallResult, ValidCallArgs } from '../../shared/contract.js';
import { addDays, daysBetween } from '../../shared/iso-date.js';
import { MAX_RESERVATION_DAYS } from '../../shared/reconciliation-contract.js';
import { CallError, notFound } from '../api/call-error.js';
import type { Handlers } from '../api/invoke.js';
import { acceptedDates, checkAcceptedDate, type HotelCalendar } from '../hotel-calendar.js';
import type { Logger } from '../logger.js';
import { newJob } from '../queue/job-kind.js';
import { createJobQueries } from '../queue/job-queries.js';
import type { Queue } from '../queue/queue.js';
import type { Db } from '../store/database.js';
import { FIRST_RUN_KEY, PERSON_PRIORITY, RECONCILE } from './reconcile-jobs.js';
import type { ReservationQueries } from './reservation-queries.js';
import type { RunLog } from './run-log.js';

export interface ReconciliationHandlerDeps {
  db: Db;
  queue: Queue;
  calendar: HotelCalendar;
  logger: Logger;
  runLog: RunLog;
  reservations: ReservationQueries;
  /** The schedule as configured, and its next run as the scheduler keeps it; null when on demand only. */
  schedule(): { cron: string; timeZone: string; nextRunAt: string | null } | null;
}

const HISTORY = 50;
const DEFAULT_PAGE = 100;

/** `reconciliation/*` and `reservations/*`. */
export function createReconciliationHandlers(deps: ReconciliationHandlerDeps) {
  const { queue, runLog, reservations } = deps;
  const jobs = createJobQueries(deps.db);
  let firstRequested = false;

  /**
   * The first run is queued by the first screen that finds none (as the rates import is), or at
   * the first slot of the schedule, whichever comes first; once.
   */
  function requestFirstRun(): void {
    if (firstRequested || !queue.lanes.includes(RECONCILE.lane)) return;
    firstRequested = true;
    if (!runLog.hasAny()) queue.enqueue(newJob(RECONCILE, { trigger: 'schedule' }, { idempotencyKey: FIRST_RUN_KEY }));
  }

  function status(): CallResult<'reconciliation/status'> {
    requestFirstRun();
    const runs = runLog.recent(HISTORY);
    const lastSuccess = runLog.lastSuccessStart();
    const schedule = deps.schedule();
    return {
      lastRun: runs[0] ?? null,
      lastSuccessAt: lastSuccess === null ? null : new Date(lastSuccess).toISOString(),
      nextRunAt: schedule?.nextRunAt ?? null,
      schedule: schedule ? { cron: schedule.cron, timeZone: schedule.timeZone } : null,
      // A run's job ends a moment after its log row: the row, not the job, says it is over.
      pending: jobs.firstWaiting(RECONCILE) !== undefined || runs[0]?.status === 'running',
      stats: reservations.stats(),
      runs,
    };
  }

  function run(): CallResult<'reconciliation/run'> {
    if (!queue.lanes.includes(RECONCILE.lane)) throw new CallError('conflict', 'Stays is not one of this app’s sync lanes', undefined);
    firstRequested = true;
    const queued = jobs.firstWaiting(RECONCILE);
    if (queued !== undefined) return { jobId: queued, alreadyQueued: true };
    const [job] = queue.enqueue(newJob(RECONCILE, { trigger: 'manual' }, { priority: PERSON_PRIORITY }));
    return { jobId: job!.id, alreadyQueued: false };
  }

  function list({ from, to, text, source, status, cursor, limit = DEFAULT_PAGE }: ValidCallArgs<'reservations/list'>): CallResult<'reservations/list'> {
    const window = acceptedDates(deps.calendar);
    const first = from ?? deps.calendar.today();
    if (from !== undefined) checkAcceptedDate(from, 'from', window);
    if (to !== undefined) checkAcceptedDate(to, 'to', window);
    const last = to ?? addDays(first, MAX_RESERVATION_DAYS - 1);
    if (daysBetween(first, last) >= MAX_RESERVATION_DAYS) {
      throw new CallError('invalid_argument', `to: must be less than ${MAX_RESERVATION_DAYS} days after from`, 'to');
    }
    requestFirstRun();
    const after = cursor === undefined ? null : { arrival: cursor.slice(0, 10), id: Number(cursor.slice(11)) };
    const rows = reservations.list({ from: first, to: last, text: text ?? null, sources: source, statuses: status, after, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const lastItem = page.at(-1);
    return { items: page, nextCursor: rows.length > limit && lastItem ? `${lastItem.arrival}~${lastItem.id}` : null };
  }

  function revealPin({ id }: ValidCallArgs<'reservations/reveal-pin'>): CallResult<'reservations/reveal-pin'> {
    if (!reservations.exists(id)) throw notFound('Reservation', id);
    const secret = reservations.secret(id);
    if (!secret) throw new CallError('conflict', `Reservation ${id} has no door PIN now (one is made 2 h before check-in, and removed after check-out)`, 'id');
    // Who saw a PIN when is worth keeping; the PIN is not.
    deps.logger.info('door PIN revealed', { reservationId: id });
    return { id, ...secret };
  }

  return {
    'reconciliation/status': status,
    'reconciliation/run': run,
    'reservations/list': list,
    'reservations/reveal-pin': revealPin,
  } satisfies Partial<Handlers>;
}
