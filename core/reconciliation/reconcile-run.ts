import type { ReconciliationRun } from '../../shared/reconciliation-contract.js';
import type { Clock } from '../clock.js';
import type { DoorPinPlanner } from '../door-pins/door-pin-planner.js';
import type { HotelCalendar } from '../hotel-calendar.js';
import { STAYS_PAGE_SIZE, type StaysConnector, type StaysReservation, type StaysReservationQuery } from '../integrations/stays/stays.js';
import type { Logger } from '../logger.js';
import type { JobContext } from '../queue/job-context.js';
import { workerFor, type JobWorker } from '../queue/job-kind.js';
import type { JobRow } from '../queue/job-rows.js';
import type { Queue } from '../queue/queue.js';
import { coerceError, RemoteError } from '../queue/remote-error.js';
import type { Db } from '../store/database.js';
import { withRetries } from './fetch-retry.js';
import type { MirroredStay, MirrorStore } from './mirror-store.js';
import { RECONCILE, staysNotConnected } from './reconcile-jobs.js';
import { scanWindow, type ScanWindow } from './reconcile-window.js';
import { NO_COUNTS, type RunCounts, type RunLog } from './run-log.js';
import { toMirrorRecord } from './stays-mirror.js';

export interface ReconcileDeps {
  db: Db;
  clock: Clock;
  calendar: Pick<HotelCalendar, 'today'>;
  logger: Logger;
  runLog: RunLog;
  mirror: MirrorStore;
  planner: DoorPinPlanner;
  queue: () => Queue;
  /** Null while Stays has no connection settings. */
  stays: () => StaysConnector | null;
  runChanged(run: ReconciliationRun): void;
  /** Many reservations changed (the screens reload). */
  reservationsChanged(): void;
  /** Waits before each new try of a failed fetch (2 s, 4 s, 8 s). */
  retryDelaysMs?: readonly number[];
  /** Pages one scan may take before the run gives up (2,500: 50,000 reservations). */
  maxPages?: number;
}

/** Reservations written per transaction; the event loop gets a turn between two. */
const CHUNK = 500;
/** Missing stays asked for one by one per run; more than this is a glitch at Stays, checked again next run. */
const MAX_ORPHAN_CHECKS = 200;
/** Problems quoted in a run's message (all are counted). */
const QUOTED_PROBLEMS = 3;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function summary(counts: RunCounts, problems: string[]): string {
  const read = `Read ${counts.fetched} stays: ${counts.created} new, ${counts.updated} changed, ${counts.unchanged} unchanged, ${counts.orphaned} gone`;
  if (problems.length === 0) return read;
  const more = problems.length > QUOTED_PROBLEMS ? ` (and ${problems.length - QUOTED_PROBLEMS} more)` : '';
  return `${read}; ${counts.errors} could not be read: ${problems.slice(0, QUOTED_PROBLEMS).join('; ')}${more}`;
}

/**
 * The `reconciliation/run` worker (SPEC §5.3). Reads Stays (see `scanWindow`), compares with the
 * mirror by content hash, writes what changed and replans those stays' door PINs; unchanged stays
 * cost no write and no job. A bad reservation counts an error and the run goes on; a fetch that
 * still fails after three more tries fails the run before anything is written, and the job fails
 * like a server error so the queue runs it again later. Runs never overlap.
 */
export function createReconcileWorker(deps: ReconcileDeps): JobWorker {
  const { db, clock, runLog, mirror, planner } = deps;
  let previous: Promise<unknown> = Promise.resolve();

  /** Every page of one scan, each page tried again on failure; bounded. */
  async function scan(fetch: <T>(call: () => Promise<T>) => Promise<T>, stays: StaysConnector, query: StaysReservationQuery): Promise<StaysReservation[]> {
    const found: StaysReservation[] = [];
    const maxPages = deps.maxPages ?? 2_500;
    for (let page = 0; ; page += 1) {
      if (page >= maxPages) throw new RemoteError('server', `Stays kept sending full pages past ${maxPages * STAYS_PAGE_SIZE} reservations`);
      const answer = await fetch(() => stays.getReservationPage(query, found.length));
      found.push(...answer.data);
      if (answer.data.length < STAYS_PAGE_SIZE) return found;
    }
  }

  /** One reservation into the mirror (and its PIN jobs), in its own savepoint; what it was. */
  function applyOne(reservation: StaysReservation, mirrored: Map<string, MirroredStay>, now: number): 'created' | 'updated' | 'unchanged' {
    const record = toMirrorRecord(reservation);
    return db.transaction(() => {
      const existing = mirrored.get(record.sourceId);
      if (existing && existing.content_hash === record.contentHash) return 'unchanged' as const;
      const id = existing ? existing.id : mirror.insert(record, now);
      if (existing) mirror.update(id, record, now);
      planner.replan(
        {
          reservationId: id,
          label: record.code,
          listingId: record.listingId,
          arrival: record.arrival,
          departure: record.departure,
          checkInTime: record.checkInTime,
          checkOutTime: record.checkOutTime,
          cancelled: record.status === 'cancelled',
        },
        now,
      );
      return existing ? ('updated' as const) : ('created' as const);
    })();
  }

  /** Writes the mirror in chunks; returns the problems met. */
  async function apply(found: StaysReservation[], orphans: MirroredStay[], mirrored: Map<string, MirroredStay>, counts: RunCounts): Promise<string[]> {
    const problems: string[] = [];
    const now = clock.now();
    for (let start = 0; start < found.length; start += CHUNK) {
      const discarded: JobRow[] = [];
      db.transaction(() => {
        for (const reservation of found.slice(start, start + CHUNK)) {
          try {
            counts[applyOne(reservation, mirrored, now)] += 1;
            discarded.push(...planner.takeDiscarded());
          } catch (error) {
            // Its savepoint rolled back: nothing of it was written, and the run goes on.
            planner.takeDiscarded();
            counts.errors += 1;
            problems.push(`${reservation.id || reservation._id}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      })();
      if (discarded.length > 0) deps.queue().jobsChanged(discarded);
      await yieldToEventLoop();
    }
    const discarded: JobRow[] = [];
    db.transaction(() => {
      for (const orphan of orphans) {
        mirror.markOrphaned(orphan.id, now);
        planner.cancel({ reservationId: orphan.id, label: orphan.guest_name, arrival: orphan.arrival, departure: orphan.departure }, 'the stay is gone from Stays', now);
        counts.orphaned += 1;
      }
      discarded.push(...planner.takeDiscarded());
    })();
    if (discarded.length > 0) deps.queue().jobsChanged(discarded);
    return problems;
  }

  async function reconcile(trigger: 'schedule' | 'manual', context: JobContext) {
    const startedAt = clock.now();
    runLog.closeInterrupted(startedAt);
    const window: ScanWindow = scanWindow(deps.calendar, startedAt, runLog.lastSuccessStart());
    const run = runLog.start({ jobId: context.job.id, trigger, startedAt, windowFrom: window.from, windowTo: window.to, createdFrom: window.createdFrom });
    deps.runChanged(run);
    const counts: RunCounts = { ...NO_COUNTS };
    const finish = (status: 'ok' | 'partial' | 'failed', message: string) => {
      const done = runLog.finish(run.id, counts, status, message, clock.now());
      deps.runChanged(done);
      deps.logger[status === 'failed' ? 'warn' : 'info']('reconciliation run', { runId: run.id, status, ...counts, durationMs: done.durationMs, message });
      return done;
    };
    const stays = deps.stays();
    if (!stays) {
      const error = staysNotConnected();
      finish('failed', error.message);
      throw error;
    }
    const fetch = <T>(call: () => Promise<T>) =>
      withRetries(
        () => {
          counts.requests += 1;
          return call();
        },
        { clock, signal: context.signal, ...(deps.retryDelaysMs ? { delaysMs: deps.retryDelaysMs } : {}) },
      );

    const found = new Map<string, StaysReservation>();
    const orphans: MirroredStay[] = [];
    let mirrored: Map<string, MirroredStay>;
    const problems: string[] = [];
    try {
      const included = await scan(fetch, stays, { from: window.from, to: window.to, dateType: 'included', includeCanceled: true });
      const created = await scan(fetch, stays, { from: window.createdFrom, to: window.createdTo, dateType: 'creation', includeCanceled: true });
      for (const reservation of [...included, ...created]) found.set(reservation._id, reservation);
      mirrored = mirror.all();
      // Missing from both scans: gone from Stays, or moved out of the window, or skipped by a
      // page that shifted while it was read. Stays is asked for each one before it is called gone.
      const missing = [...mirrored.values()].filter(
        (row) => !found.has(row.source_id) && row.status !== 'cancelled' && row.departure >= window.orphanFrom && row.arrival <= window.to,
      );
      for (const row of missing.slice(0, MAX_ORPHAN_CHECKS)) {
        const answer = await fetch(() => stays.getReservation(row.source_id));
        if (answer.data) found.set(answer.data._id, answer.data);
        else orphans.push(row);
      }
      if (missing.length > MAX_ORPHAN_CHECKS) problems.push(`${missing.length - MAX_ORPHAN_CHECKS} more stays missing from Stays' answer are checked in the next runs`);
    } catch (error) {
      const failure = coerceError(error);
      finish('failed', `Reading Stays failed: ${failure.message}. Nothing was changed; the run is tried again later.`);
      // A revoked key pauses the lane and a refused query fails at once; anything else is retried later.
      throw failure.kind === 'auth' || failure.kind === 'validation'
        ? failure
        : new RemoteError('server', failure.message, failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {});
    }
    counts.fetched = found.size;
    try {
      problems.unshift(...(await apply([...found.values()], orphans, mirrored, counts)));
    } catch (error) {
      const failure = coerceError(error);
      finish('failed', `Writing the reservations failed: ${failure.message}`);
      throw failure;
    }
    const done = finish(counts.errors > 0 ? 'partial' : 'ok', summary(counts, problems));
    if (counts.created + counts.updated + counts.orphaned > 0) deps.reservationsChanged();
    return { runId: done.id, status: done.status, fetched: counts.fetched, created: counts.created, updated: counts.updated, orphaned: counts.orphaned, errors: counts.errors };
  }

  return workerFor(RECONCILE, (payload, context) => {
    const run = previous.then(() => reconcile(payload.trigger, context));
    previous = run.catch(() => undefined);
    return run;
  });
}
