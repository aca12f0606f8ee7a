import type { JobSummary } from '../../shared/contract.js';
import type { RateCell } from '../../shared/rates-contract.js';
import { pause, type Clock } from '../clock.js';
import type { CloudbedsConnector, RateJobUpdate } from '../integrations/cloudbeds/cloudbeds.js';
import type { JobContext } from '../queue/job-context.js';
import { workerFor, type JobWorker } from '../queue/job-kind.js';
import type { Queue } from '../queue/queue.js';
import { RemoteError } from '../queue/remote-error.js';
import type { Db } from '../store/database.js';
import { enqueuePushes } from './rate-enqueue.js';
import { collapseIntervals, coversDate, packRequests, type RatePushEntry } from './rate-intervals.js';
import { createPushReferences, type SentPush } from './push-references.js';
import { notConnected, RATE_PUSH } from './rate-jobs.js';
import { toPushCell, toRateCell, type CellRow, type RateStore } from './rate-store.js';

export interface RatePushDeps {
  db: Db;
  store: RateStore;
  queue: () => Queue;
  clock: Clock;
  /** Null until the core has opened its connections. */
  cloudbeds: () => CloudbedsConnector | null;
  cellsChanged(cells: RateCell[]): void;
  /**
   * Cells Cloudbeds has just confirmed, called inside the transaction that marks them synced:
   * what follows from them (the channel's price) is written with them or not at all.
   */
  confirmedInTransaction?(cells: readonly { roomTypeId: number; date: string }[]): void;
  /** Between polls of a Cloudbeds rate job (the demo's simulated Cloudbeds completes its jobs within 200 ms). */
  pollIntervalMs?: number;
  /** How long one attempt follows a rate job before giving up until the retry (2 minutes). */
  pollTimeoutMs?: number;
}

const HEARTBEAT_MS = 30_000;


/** The putRate field Cloudbeds (or our own pre-check) named, as `[rate entry, interval]` indices. */
function refusedInterval(field: string | undefined): [number, number] | null {
  const match = field ? /rates\D+(\d+)\D+interval\D*?(\d+)/.exec(field) : null;
  return match ? [Number(match[1]), Number(match[2])] : null;
}

/**
 * The `rates/push` worker. The cells, not the payload, say what to send: a push sends only the
 * cells still `saved` whose `job_id` is its own. A later submit of a cell points it at the later
 * job, so an earlier push that runs late (queued, retried or backing off) drops it and can never
 * overwrite the newer value, and five edits while offline send one value, the last; a push left
 * with nothing completes without a request. Chosen over ordering keys because one request
 * packs several room types, and a Failed push must not hold back the room's later edits. (The
 * cloudbeds lane runs two jobs at once: the only window left is the few milliseconds between a
 * push reading its cells and its request leaving, inside which a later push of the same cell
 * would have to be submitted, claimed and sent.)
 */
export function createRatePushWorker(deps: RatePushDeps): JobWorker {
  const { db, store, clock } = deps;
  const references = createPushReferences(db);

  /**
   * Marks each cell of a completed Cloudbeds job synced, or failed with its update's message, and
   * forgets the job's reference in the same transaction.
   */
  function settle(jobId: number, { reference, rates }: SentPush, updates: RateJobUpdate[]): CellRow[] {
    const sent = rates.flatMap((entry) => entry.intervals.map((interval) => ({ entry, interval })));
    const now = clock.now();
    return db.transaction(() => {
      references.forget(jobId, reference);
      const settled = updates.flatMap((update, i) => {
        // Updates come in the request's order; one out of place is found by its rate and dates.
        const inPlace = sent[i];
        const fits = (at: (typeof sent)[number] | undefined) =>
          at !== undefined && at.entry.rateId === update.rateId && (update.startDate === undefined || update.startDate === at.interval.startDate);
        const match = fits(inPlace) ? inPlace : (sent.find(fits) ?? inPlace);
        if (!match || update.status === 'in_progress') return [];
        const from = update.startDate ?? match.interval.startDate;
        const to = update.endDate ?? match.interval.endDate;
        const failed = update.status === 'error';
        return store.settleRange({
          jobId,
          roomTypeId: match.entry.roomTypeId,
          from,
          to,
          state: failed ? 'failed' : 'synced',
          error: failed ? (update.message ?? 'Cloudbeds refused this rate') : null,
          now,
        });
      });
      const synced = settled.filter((row) => row.state === 'synced');
      if (synced.length > 0) deps.confirmedInTransaction?.(synced.map((row) => ({ roomTypeId: row.room_type_id, date: row.date })));
      return settled;
    })();
  }

  /**
   * Cloudbeds refused a whole request naming one interval: that interval stays with this job
   * (which fails, and its cells with it); every other cell still to send moves to new pushes,
   * so one bad value fails only its own cells.
   */
  function moveAsideAllBut(jobId: number, rates: RatePushEntry[], error: RemoteError): void {
    const refused = refusedInterval(error.field);
    const entry = refused ? rates[refused[0]] : undefined;
    const interval = refused ? entry?.intervals[refused[1]] : undefined;
    if (!entry || !interval) return;
    db.transaction(() => {
      const others = store.savedOfJob(jobId).filter((cell) => !(cell.room_type_id === entry.roomTypeId && coversDate(interval, cell.date)));
      if (others.length === 0) return;
      enqueuePushes({ store, queue: deps.queue() }, others.map(toPushCell), clock.now());
    })();
  }

  /** Sends one putRate and records its reference at once, before anything else can fail. */
  async function send(cloudbeds: CloudbedsConnector, jobId: number, rates: RatePushEntry[], context: JobContext): Promise<SentPush> {
    try {
      const pushed = await cloudbeds.putRate(rates.map(({ rateId, intervals }) => ({ rateId, intervals })));
      context.recordResponse({ httpStatus: pushed.httpStatus, ...(pushed.requestId ? { requestId: pushed.requestId } : {}) });
      const sent = { reference: pushed.data.jobReferenceId, rates };
      references.record(jobId, sent, clock.now());
      return sent;
    } catch (error) {
      if (error instanceof RemoteError && error.kind === 'validation') moveAsideAllBut(jobId, rates, error);
      throw error;
    }
  }

  /**
   * Follows an accepted putRate until Cloudbeds has applied it, then settles its cells. A failed
   * poll fails only this attempt of following: the reference stays recorded, and the retry polls
   * it again rather than sending the rates twice. Polls spend the same 5 requests/s as pushes,
   * so the first waits one interval rather than asking about a job that cannot have finished.
   */
  async function follow(cloudbeds: CloudbedsConnector, jobId: number, sent: SentPush, context: JobContext): Promise<void> {
    const intervalMs = deps.pollIntervalMs ?? 200;
    const beat = setInterval(() => context.heartbeat(), HEARTBEAT_MS);
    try {
      await pause(clock, intervalMs, context.signal);
      const done = await cloudbeds.waitForRateJob(sent.reference, {
        intervalMs,
        signal: context.signal,
        ...(deps.pollTimeoutMs !== undefined ? { timeoutMs: deps.pollTimeoutMs } : {}),
      });
      const changed = settle(jobId, sent, done.data.updates);
      if (changed.length > 0) deps.cellsChanged(changed.map(toRateCell));
    } catch (error) {
      // Cloudbeds keeps rate jobs 7 days: one it no longer knows cannot be read back, so its
      // cells (still saved) are sent again below.
      if (!(error instanceof RemoteError && error.kind === 'validation' && error.field === 'jobReferenceId')) throw error;
      references.forget(jobId, sent.reference);
    } finally {
      clearInterval(beat);
    }
  }

  return workerFor(RATE_PUSH, async (_payload, context) => {
    const jobId = context.job.id;
    const cloudbeds = deps.cloudbeds();
    if (!cloudbeds) throw notConnected();
    // First what an earlier attempt sent and could not read back (its answer is not lost).
    const followed = references.ofJob(jobId);
    for (const sent of followed) await follow(cloudbeds, jobId, sent, context);
    const cells = store.savedOfJob(jobId);
    if (cells.length === 0) {
      const note = followed.length > 0 ? 'read back what an earlier attempt sent' : 'every cell of this push was superseded or already settled';
      return { requests: 0, followed: followed.map((sent) => sent.reference), note };
    }
    const roomTypes = new Map(store.roomTypes().map((roomType) => [roomType.id, roomType]));
    // Usually one request; more only when superseded cells split the job's intervals past 30.
    const requests = packRequests(collapseIntervals(cells.map(toPushCell)), (id) => roomTypes.get(id)!);
    const jobReferenceIds: string[] = [];
    for (const rates of requests) {
      const sent = await send(cloudbeds, jobId, rates, context);
      jobReferenceIds.push(sent.reference);
      await follow(cloudbeds, jobId, sent, context);
    }
    return { requests: requests.length, jobReferenceIds, ...(followed.length > 0 ? { followed: followed.map((sent) => sent.reference) } : {}) };
  });
}

/**
 * Keeps cells in step with their push job's fate outside the handler: a push that ends Failed
 * (refused, or out of attempts) fails its unsettled cells with the job's error; one put back to
 * Queued by a person's retry makes its failed cells `saved` again; one a person discarded puts
 * its failed cells back to what Cloudbeds has (its last confirmed rate, or the base rate).
 */
export function followPushJobs(deps: Pick<RatePushDeps, 'db' | 'store' | 'clock' | 'cellsChanged'>) {
  return (job: JobSummary): void => {
    if (job.type !== RATE_PUSH.type) return;
    const now = deps.clock.now();
    let changed: CellRow[] = [];
    if (job.status === 'failed') {
      changed = deps.store.failSavedOfJob(job.id, job.lastError ?? 'Cloudbeds did not take this rate', now);
    } else if (job.status === 'queued') {
      changed = deps.store.resaveFailedOfJob(job.id, now);
    } else if (job.status === 'cancelled' && job.discardReason !== null) {
      const { restored, dropped } = deps.db.transaction(() => deps.store.revertFailedOfJob(job.id, now))();
      // A dropped override shows the base rate again, which only the whole grid knows: reload it.
      if (dropped.length > 0) return deps.cellsChanged([]);
      changed = restored;
    }
    if (changed.length > 0) deps.cellsChanged(changed.map(toRateCell));
  };
}
