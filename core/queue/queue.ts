import { randomUUID } from 'node:crypto';
import { MAX_TIMER_MS, systemClock, type Clock, type TimerHandle } from '../clock.js';
import type { Logger } from '../logger.js';
import { SafeEmitter } from '../safe-emitter.js';
import { bookkeepingTransaction, type Db } from '../store/database.js';
import type { JobSummary, SyncStatus } from '../../shared/contract.js';
import { toJobSummary, type JobRow } from './job-rows.js';
import type { JobWorker, NewJob } from './job-kind.js';
import { createJobStore, type JobSpec } from './job-store.js';
import { createLaneStore } from './lane-store.js';
import { LaneRunner, type LaneConfig, type RemoteBudget } from './lane-runner.js';
import { createJobQueries } from './job-queries.js';
import type { RequestTicket } from './request-limiter.js';
import { createStorageHealth } from './storage-health.js';
import { buildSyncStatus } from './sync-status.js';

export interface QueueEvents extends Record<string, unknown> {
  'job/changed': JobSummary;
  'sync/changed': SyncStatus;
}

export interface QueueOptions {
  db: Db;
  lanes: LaneConfig[];
  /** The worker of each job kind; a job of a kind not listed here is refused at enqueue. */
  workers: readonly JobWorker[];
  clock?: Clock;
  logger: Logger;
  /** Every this often: re-dispatch what is due, recover expired leases, prune old jobs. */
  sweepMs?: number;
  /** Done and Cancelled jobs older than this are deleted; Failed ones are kept. */
  retainFinishedMs?: number;
  /** How long stop() lets running jobs finish before putting them back. */
  stopGraceMs?: number;
}

export interface EnqueueResult {
  /** The new job's id, or the id of the job that already had the idempotency key. */
  id: number;
  /** False when a job with the same idempotency key already existed and was returned instead. */
  created: boolean;
}

/** Thrown by enqueue for a job the queue cannot take; nothing of the batch is queued. */
export class EnqueueError extends Error {
  readonly kind = 'validation';
  constructor(
    message: string,
    /** The payload's field at fault, as a dotted path. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'EnqueueError';
  }
}

/** Turns a typed job into the row the store inserts, checking its kind and payload first. */
function toJobSpec(job: NewJob, workers: ReadonlyMap<string, JobWorker>, lanes: ReadonlyMap<string, unknown>): JobSpec {
  const worker = workers.get(job.kind?.type);
  if (!worker) throw new EnqueueError(`No worker handles jobs of type "${String(job.kind?.type)}"`);
  // The kind declared once, not a look-alike with another lane or schema.
  if (worker.kind !== job.kind) throw new EnqueueError(`Jobs of type "${worker.kind.type}" must be made from their registered kind`);
  if (!lanes.has(worker.kind.lane)) throw new EnqueueError(`Unknown lane "${worker.kind.lane}" for jobs of type "${worker.kind.type}"`);
  const parsed = worker.kind.payload.safeParse(job.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.');
    throw new EnqueueError(`A "${worker.kind.type}" job's payload was refused: ${field ? `${field}: ` : ''}${issue.message}`, field || undefined);
  }
  const { kind: _kind, payload: _payload, ...options } = job;
  return { ...options, lane: worker.kind.lane, type: worker.kind.type, payload: parsed.data, summary: worker.kind.summarize(parsed.data) };
}

const DEFAULT_SWEEP_MS = 5 * 60_000;
const DEFAULT_RETAIN_MS = 7 * 24 * 3_600_000;
const SYNC_CHANGED_THROTTLE_MS = 250;
/** Finished jobs deleted per transaction: a few milliseconds of work on this machine. */
const PRUNE_CHUNK = 500;

/** The durable job queue: enqueue, per-lane runners, sweeps, pause/resume and events. */
export function createQueue(options: QueueOptions) {
  const { db, logger } = options;
  const clock = options.clock ?? systemClock;
  const owner = `worker-${randomUUID()}`;
  const store = createJobStore(db);
  const laneStore = createLaneStore(db);
  const events = new SafeEmitter<QueueEvents>(logger);
  const runners = new Map<string, LaneRunner>();
  const workers = new Map<string, JobWorker>();
  for (const worker of options.workers) {
    if (workers.has(worker.kind.type)) throw new RangeError(`Two workers for jobs of type "${worker.kind.type}"`);
    workers.set(worker.kind.type, worker);
  }
  let globallyPaused = false;
  let started = false;
  let sweepTimer: TimerHandle | null = null;
  let stopping = false;
  let syncChangedTimer: TimerHandle | null = null;

  const queries = createJobQueries(db);
  const storage = createStorageHealth(
    clock,
    () => {
      emitSyncChanged();
      // Every lane held while the disk was in trouble; a probe's success must wake them.
      if (!storage.troubled && started && !stopping) kickAll();
    },
    () => laneStore.probeWrite(),
  );
  const status = (): SyncStatus =>
    buildSyncStatus({
      runners: [...runners.values()],
      laneRows: laneStore.all(),
      depth: queries.depth([...runners.keys()], clock.now()),
      globallyPaused,
      storage: storage.status(),
      jobKinds: (lane) =>
        [...workers.values()].filter((worker) => worker.kind.lane === lane).map((worker) => ({ type: worker.kind.type, noun: worker.kind.noun[1] })),
    });

  const emitSyncChanged = () => {
    if (syncChangedTimer) clock.clearTimeout(syncChangedTimer);
    syncChangedTimer = null;
    events.emit('sync/changed', status);
  };

  // Queue depths change with every job; the status view hears of it a few times a second at most.
  const emitSyncChangedSoon = () => {
    if (syncChangedTimer || !events.has('sync/changed')) return;
    syncChangedTimer = clock.setTimeout(emitSyncChanged, SYNC_CHANGED_THROTTLE_MS);
  };

  const jobsChanged = (rows: JobRow[]) => {
    if (events.has('job/changed')) for (const row of rows) events.emit('job/changed', () => toJobSummary(row));
    emitSyncChangedSoon();
    // A finished job may release later jobs with its ordering key, in any lane.
    for (const row of rows) {
      if (row.ordering_key !== null && (row.status === 'done' || row.status === 'cancelled')) {
        for (const lane of store.lanesWaitingOn(row.ordering_key)) runners.get(lane)?.kick();
      }
    }
  };

  laneStore.ensure(options.lanes.map((lane) => lane.name));
  const persisted = new Map(laneStore.all().map((row) => [row.name, row]));
  for (const config of options.lanes) {
    if (!(config.concurrency >= 1)) throw new RangeError(`Lane "${config.name}" needs a concurrency of at least 1`);
    const row = persisted.get(config.name);
    runners.set(
      config.name,
      new LaneRunner(
        config,
        {
          db,
          store,
          laneStore,
          clock,
          logger,
          owner,
          workerFor: (type) => workers.get(type),
          globallyPaused: () => globallyPaused,
          jobsChanged,
          laneChanged: emitSyncChanged,
          storage,
        },
        { paused: row?.paused === 1, needsSignIn: row?.needs_sign_in === 1 },
      ),
    );
  }
  globallyPaused = laneStore.globalPaused();

  function runnerFor(lane: string): LaneRunner {
    const runner = runners.get(lane);
    if (!runner) throw new RangeError(`Unknown lane "${lane}"`);
    return runner;
  }

  function kickAll(): void {
    if (started) for (const runner of runners.values()) runner.kick();
  }

  function activeJobIds(): Set<number> {
    return new Set([...runners.values()].flatMap((runner) => [...runner.activeJobIds]));
  }

  function recoverLeases(foreignToo: boolean): void {
    const recovered = db.transaction(() => store.recoverLeases(owner, clock.now(), { foreignToo, keep: activeJobIds() }))();
    if (recovered.length > 0) {
      logger.warn('recovered jobs whose worker had stopped', { count: recovered.length });
      jobsChanged(recovered);
    }
  }

  /**
   * Prunes expired history in chunks, each its own short transaction, yielding to the event loop
   * between them: a start-up or a sweep with 100,000 jobs to forget never holds the host up.
   * Resolves with how many were pruned; one pruning at a time.
   */
  let pruning: Promise<number> | null = null;
  async function pruneInChunks(): Promise<number> {
    const before = clock.now() - (options.retainFinishedMs ?? DEFAULT_RETAIN_MS);
    let total = 0;
    try {
      for (;;) {
        // Yield first: whoever asked (start-up, a sweep) goes on before the first chunk.
        await new Promise((resolve) => setImmediate(resolve));
        if (stopping) break;
        const count = bookkeepingTransaction(db, () => store.pruneFinished(before, PRUNE_CHUNK));
        total += count;
        if (count < PRUNE_CHUNK) break;
      }
    } catch (error) {
      if (!storage.failed(error)) logger.error('pruning finished jobs failed', { error: error instanceof Error ? error.stack : String(error) });
    }
    if (total > 0) logger.info('pruned finished jobs', { count: total });
    return total;
  }
  function prune(): Promise<number> {
    pruning ??= pruneInChunks().finally(() => (pruning = null));
    return pruning;
  }

  /** Recovers expired leases and wakes every lane now; prunes history in the background. */
  function sweep(): Promise<number> {
    recoverLeases(false);
    kickAll();
    return prune();
  }

  function scheduleSweep(): void {
    sweepTimer = clock.setTimeout(() => {
      try {
        void sweep();
      } catch (error) {
        // A full disk (or a bug) must not take the app down from a timer: the next sweep tries again.
        if (!storage.failed(error)) logger.error('the sweep failed', { error: error instanceof Error ? error.stack : String(error) });
      }
      scheduleSweep();
    }, Math.min(options.sweepMs ?? DEFAULT_SWEEP_MS, MAX_TIMER_MS));
  }

  return {
    events,
    owner,
    lanes: [...runners.keys()],

    /**
     * Enqueues one or many jobs in one durable transaction, then wakes their lanes. A job whose
     * idempotency key exists returns the existing job. A job of a kind without a worker, or whose
     * payload its kind's schema refuses, throws an EnqueueError and nothing is queued.
     */
    enqueue(jobs: NewJob | readonly NewJob[]): EnqueueResult[] {
      const list = (Array.isArray(jobs) ? jobs : [jobs as NewJob]).map((job) => toJobSpec(job, workers, runners));
      const lanes = new Set<LaneRunner>();
      for (const spec of list) lanes.add(runners.get(spec.lane)!);
      const now = clock.now();
      const { results, superseded } = db.transaction(() => store.insertMany(list, now))();
      // A plain loop: batches run to thousands of jobs, and flatMap's array per job shows.
      const changed = [...superseded];
      const answers: EnqueueResult[] = [];
      for (const { job, created } of results) {
        if (created) changed.push(job);
        answers.push({ id: job.id, created });
      }
      if (changed.length > 0) jobsChanged(changed);
      if (started) for (const runner of lanes) runner.kick();
      return answers;
    },

    /**
     * Recovers every lease left by a previous run and starts sending; expired history is pruned
     * in the background, off the start path.
     */
    start(): void {
      if (started) return;
      started = true;
      stopping = false;
      recoverLeases(true);
      void sweep();
      scheduleSweep();
    },

    /** Stops claiming; running jobs get a grace period, then go back to the queue. */
    async stop(): Promise<void> {
      stopping = true;
      storage.stop();
      if (sweepTimer) clock.clearTimeout(sweepTimer);
      if (syncChangedTimer) clock.clearTimeout(syncChangedTimer);
      sweepTimer = syncChangedTimer = null;
      await Promise.all([...runners.values()].map((runner) => runner.stop(options.stopGraceMs ?? 10_000)));
      await pruning;
      started = false;
    },

    sweep,

    /** Wakes a lane (or all) after something outside the queue changed its jobs. */
    kick(lane?: string): void {
      if (lane === undefined) kickAll();
      else if (started) runners.get(lane)?.kick();
    },

    jobsChanged,

    status,

    /**
     * Cancels queued or failed jobs a later job has taken over (call inside the transaction that
     * made the later job); they show as superseded by it. Running jobs are left to finish.
     */
    supersede(ids: readonly number[], by: number, now: number): void {
      const rows = queries.supersede(ids, by, now);
      if (rows.length > 0) jobsChanged(rows);
    },

    /**
     * A write outside the queue (a person's call) failed; when for the disk's sake, sync holds
     * and says so until a write succeeds again. False when the failure is not the disk's.
     */
    storageFailed(error: unknown): boolean {
      return storage.failed(error);
    },

    /** Feeds a remote system's own report of its remaining budget to its lane. */
    reportBudget(lane: string, budget: RemoteBudget): void {
      runners.get(lane)?.reportBudget(budget);
    },

    /**
     * Waits until the lane's published limit allows one more request to its remote system, and
     * counts it. Every connector calls this before each HTTP request it sends.
     */
    acquireRequest(lane: string, signal?: AbortSignal): Promise<RequestTicket | undefined> {
      return runners.get(lane)?.limiter?.acquire(signal) ?? Promise.resolve(undefined);
    },

    /** The kind of a job type, for its words and summary; undefined for a type no worker handles. */
    kindOf(type: string) {
      return workers.get(type)?.kind;
    },

    /**
     * A lane's remote system was connected anew (other settings, other credentials): the
     * label changes, and a lane held for sign-in tries again with what was given.
     */
    reconnected(lane: string, connection: 'demo' | 'live' | undefined): void {
      const runner = runnerFor(lane);
      (runner.config as { connection?: 'demo' | 'live' }).connection = connection;
      laneStore.setNeedsSignIn(runner.name, false);
      runner.clearSignIn();
      if (started) runner.kick();
      emitSyncChanged();
    },

    /**
     * Cancels every queued or failed job of a lane, keeping the reason (jobs being sent finish):
     * a lane switched from the simulator to the live system must not send it demo work.
     */
    discardLane(lane: string, reason: string): number {
      const rows = queries.discardLane(runnerFor(lane).name, reason, clock.now());
      if (rows.length > 0) jobsChanged(rows);
      return rows.length;
    },

    /** Pauses one lane, or all sync; kept across restarts. */
    pause(lane?: string): SyncStatus {
      if (lane === undefined) {
        laneStore.setGlobalPaused((globallyPaused = true));
      } else {
        laneStore.setPaused(runnerFor(lane).name, true);
        runnerFor(lane).setPaused(true);
      }
      emitSyncChanged();
      return status();
    },

    /**
     * Resumes one lane, or everything ("Resume all": the global pause and every lane paused on
     * its own); a lane that needed sign-in tries again.
     */
    resume(lane?: string): SyncStatus {
      const targets = lane === undefined ? [...runners.values()] : [runnerFor(lane)];
      db.transaction(() => {
        if (lane === undefined) laneStore.setGlobalPaused((globallyPaused = false));
        for (const runner of targets) {
          laneStore.setPaused(runner.name, false);
          laneStore.setNeedsSignIn(runner.name, false);
        }
      })();
      for (const runner of targets) {
        runner.setPaused(false);
        runner.clearSignIn();
      }
      kickAll();
      emitSyncChanged();
      return status();
    },
  };
}

export type Queue = ReturnType<typeof createQueue>;
