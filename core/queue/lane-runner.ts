import { MAX_TIMER_MS, type Clock, type TimerHandle } from '../clock.js';
import type { Logger } from '../logger.js';
import { bookkeepingTransaction, type Db } from '../store/database.js';
import type { LaneState } from '../../shared/contract.js';
import type { BackoffOptions } from './backoff.js';
import type { JobContext } from './job-context.js';
import type { JobWorker } from './job-kind.js';
import type { JobRow } from './job-rows.js';
import type { JobStore } from './job-store.js';
import { LaneHealth } from './lane-health.js';
import type { StorageHealth } from './storage-health.js';
import type { LaneStore } from './lane-store.js';
import { decideOutcome, decideStorageOutcome } from './outcome-policy.js';
import { createOutcomeWriter, type OutcomeWriter, type SettledJob } from './outcome-writer.js';
import { coerceError, RemoteError } from './remote-error.js';
import { marginFor, RequestLimiter, type PublishedLimit } from './request-limiter.js';

/** What an everyday call spends of a credit budget (Beds24: 1 per read, 2–3 per small write). */
const EVERYDAY_CALL_COST = 5;

export interface LaneConfig {
  name: string;
  /** The lane's remote system as people call it ("Seam"); the name by default. */
  displayName?: string;
  /** Jobs of this lane sent at once. */
  concurrency: number;
  /** The remote API's published limit, kept for every request sent; none for local work. */
  limit?: PublishedLimit;
  /** Added to the limit's window to absorb network jitter (`marginFor(limit)` by default). */
  marginMs?: number;
  /**
   * Nothing is sent for this long after the lane starts. The limiter's count of recent requests
   * lives in memory: after a crash (kill -9, power cut) it starts empty while the requests sent
   * just before still count at the remote API, so a lane restarted at once could pass its limit.
   */
  quietAtStartMs?: number;
  /** How the lane tells its headroom: its own count of requests, or the remote system's credit report. */
  headroom?: 'requests' | 'credits';
  /** How long a claimed job stays leased without a heartbeat. */
  leaseMs?: number;
  /**
   * Jobs claimed ahead of a free slot, so short local jobs do not pay one transaction each.
   * Limited lanes claim nothing ahead (0) by default: a person's later job must not wait behind
   * background jobs already taken. Unlimited lanes default to 255: each claim's transaction
   * commits at a cost of dozens of short jobs, so they are taken in big batches.
   */
  prefetch?: number;
  backoff?: BackoffOptions;
  /** Whether the lane's remote system is simulated (demo) or the real one; none for local work. */
  connection?: 'demo' | 'live';
}

/** What a remote system reported of its own budget (Beds24's credit headers). */
export interface RemoteBudget {
  remaining: number;
  resetsInMs: number;
  cost: number;
}

/** What a lane runner needs from the queue around it. */
export interface LaneHost {
  db: Db;
  store: JobStore;
  laneStore: LaneStore;
  clock: Clock;
  logger: Logger;
  owner: string;
  workerFor(type: string): JobWorker | undefined;
  globallyPaused(): boolean;
  jobsChanged(rows: JobRow[]): void;
  laneChanged(): void;
  /** Whether the database can be written; shared by every lane. */
  storage: StorageHealth;
}

interface ActiveJob {
  job: JobRow;
  startedAt: number;
}

const MAX_CLAIM_BATCH = 256;
const DEFAULT_LEASE_MS = 5 * 60_000;
/** After a failed write of the lane's bookkeeping: 1 s, 2 s, 4 s… between tries, at most this. */
const MAX_WRITE_RETRY_MS = 30_000;

/**
 * Sends one lane's jobs: claims due jobs as capacity and the lane's health allow, runs them
 * outside any transaction, and writes their outcomes together with the next claim in one short
 * transaction. Sleeps on a timer set to the next moment anything can happen. What an outcome
 * means is the outcome policy's to decide; this only applies it.
 */
export class LaneRunner {
  private readonly running = new Map<number, ActiveJob>();
  /** Claimed (leased) but not started yet. */
  private buffer: JobRow[] = [];
  private readonly prefetch: number;
  /** Aborted when the queue stops, telling every running handler to give up. */
  private readonly abort = new AbortController();
  private settled: SettledJob[] = [];
  private pumpQueued = false;
  private wakeTimer: TimerHandle | null = null;
  private readonly health: LaneHealth;
  private readonly writer: OutcomeWriter;
  /** Every request to the lane's remote system waits here first; null for local lanes. */
  readonly limiter: RequestLimiter | null;
  private reportedBudget: { remaining: number; resetsAt: number } | null = null;
  private readonly leaseMs: number;
  private stopping = false;
  private closed = false;
  /** Writes that failed in a row; while any has, nothing new starts and outcomes wait in memory. */
  private failedWrites = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    readonly config: LaneConfig,
    private readonly host: LaneHost,
    persisted: { paused: boolean; needsSignIn: boolean },
  ) {
    this.limiter = config.limit ? new RequestLimiter(config.limit, config.marginMs ?? marginFor(config.limit), host.clock) : null;
    if (this.limiter && config.quietAtStartMs) this.limiter.blockUntil(host.clock.now() + config.quietAtStartMs);
    this.leaseMs = config.leaseMs ?? DEFAULT_LEASE_MS;
    this.prefetch = config.prefetch ?? (config.limit ? 0 : MAX_CLAIM_BATCH - 1);
    this.health = new LaneHealth(persisted);
    this.writer = createOutcomeWriter({ lane: config.name, store: host.store, laneStore: host.laneStore, owner: host.owner, logger: host.logger });
  }

  get name(): string {
    return this.config.name;
  }

  get activeJobIds(): ReadonlySet<number> {
    return new Set([...this.running.keys(), ...this.buffer.map((job) => job.id)]);
  }

  state(): LaneState {
    return this.health.state(this.host.globallyPaused());
  }

  /**
   * Requests the lane could send now (null: unlimited): its own count against the published
   * limit, or, for a lane that tells its headroom in credits, what the remote system last said
   * is left in its window, while that window lasts.
   */
  rateHeadroom(): number | null {
    if (!this.limiter) return null;
    const now = this.host.clock.now();
    const own = this.limiter.available(now);
    const budget = this.reportedBudget;
    if (this.config.headroom === 'credits' && budget && now < budget.resetsAt) return Math.min(own, budget.remaining);
    return own;
  }

  /**
   * The remote system said how much of its own budget is left (Beds24's credit headers). When
   * too little is left for another call, the lane waits for the window to reset, exactly as
   * after a 429, so the limit is not reached rather than hit and answered. "Another call" is
   * sized like the last one, but no bigger than an everyday call: after one big request (a year
   * of availability, 50 credits) with 45 left, a booking (2 or 3) must not wait five minutes. A
   * big request that then finds too little left is answered 429 with when to come back.
   */
  reportBudget(budget: RemoteBudget): void {
    const now = this.host.clock.now();
    this.reportedBudget = { remaining: budget.remaining, resetsAt: now + Math.max(0, budget.resetsInMs) };
    if (budget.remaining >= Math.max(1, Math.min(budget.cost, EVERYDAY_CALL_COST)) * 2) return;
    this.coolDown(now + Math.max(0, budget.resetsInMs));
    this.kick();
  }

  private coolDown(until: number): void {
    this.health.coolDownUntil(until);
    this.limiter?.blockUntil(until);
  }

  setPaused(paused: boolean): void {
    this.health.setPaused(paused);
    this.kick();
  }

  /** Someone signed in again (or asked to try): send again. */
  clearSignIn(): void {
    this.health.clearSignIn();
    this.kick();
  }

  /** Wake up soon (not re-entrantly) and see what can be sent. */
  kick(): void {
    if (this.pumpQueued || this.closed) return;
    this.pumpQueued = true;
    setImmediate(() => this.pump());
  }

  private held(): boolean {
    return this.stopping || this.failedWrites > 0 || this.host.storage.troubled || this.health.heldByPerson(this.host.globallyPaused());
  }

  /** Offline, one job at a time probes whether the remote system is back. */
  private probing(now: number): boolean {
    return this.health.mayProbe(now) && this.running.size === 0;
  }

  /** How many jobs to claim now. */
  private capacity(now: number): number {
    if (this.held()) return 0;
    if (this.health.isOffline) return this.probing(now) && this.buffer.length === 0 ? 1 : 0;
    if (!this.health.mayStart(now)) return 0;
    const room = this.config.concurrency + this.prefetch - this.running.size - this.buffer.length;
    return Math.max(0, Math.min(room, MAX_CLAIM_BATCH));
  }

  /** Jobs taken ahead that may not start now (held, told to wait, offline) go back to the queue. */
  private handBack(now: number): JobRow[] {
    if (this.held() || (!this.health.isOffline && !this.health.mayStart(now))) return this.buffer.splice(0);
    if (this.health.isOffline) return this.buffer.splice(this.probing(now) ? 1 : 0);
    return [];
  }

  private pump(): void {
    this.pumpQueued = false;
    if (this.closed) return;
    this.clearWake();
    const now = this.host.clock.now();
    const settled = this.settled.splice(0);
    const unstarted = this.handBack(now);
    const want = this.capacity(now);
    let written: JobRow[] = [];
    let claimed: JobRow[] = [];
    if (settled.length > 0 || unstarted.length > 0 || want > 0 || this.failedWrites > 0) {
      try {
        bookkeepingTransaction(this.host.db, () => {
          written = this.writer.write(settled, now);
          for (const job of unstarted) {
            const row = this.writer.unclaim(job, now);
            if (row) written.push(row);
          }
          if (want > 0) claimed = this.host.store.claim(this.name, want, this.host.owner, this.leaseMs, now);
        });
      } catch (error) {
        return this.writeFailed(error, settled, unstarted);
      }
      if (this.failedWrites > 0) {
        this.failedWrites = 0;
        this.host.storage.succeeded();
        // Jobs held while the disk was full may start again.
        this.kick();
      }
    }
    if (written.length > 0 || claimed.length > 0) this.host.jobsChanged([...written, ...claimed]);
    this.buffer.push(...claimed);
    this.startFromBuffer(now);
    this.scheduleWake(now);
    if (this.running.size === 0 && this.settled.length === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  /**
   * The transaction rolled back (a full disk, usually): nothing is lost. Outcomes and jobs to
   * hand back stay in memory for the next try, no new job starts, and the lane tries again
   * after a growing wait; the first write that succeeds resumes it.
   */
  private writeFailed(error: unknown, settled: SettledJob[], unstarted: JobRow[]): void {
    this.settled.unshift(...settled);
    this.buffer.unshift(...unstarted);
    this.failedWrites += 1;
    if (!this.host.storage.failed(error)) {
      this.host.logger.error('a lane could not write its outcomes; it tries again', { lane: this.name, error: error instanceof Error ? error.stack : String(error) });
    }
    const waitMs = Math.min(1_000 * 2 ** (this.failedWrites - 1), MAX_WRITE_RETRY_MS);
    this.wakeTimer = this.host.clock.setTimeout(() => {
      this.wakeTimer = null;
      this.kick();
    }, waitMs);
    if (this.running.size === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  private scheduleWake(now: number): void {
    if (this.held() || this.buffer.length > 0 || this.running.size >= this.config.concurrency) return;
    // Offline with its probe out: the probe's outcome wakes the lane.
    if (this.health.isOffline && this.running.size > 0) return;
    const due = this.host.store.nextDueAt(this.name);
    if (due === null) return;
    const at = Math.max(due, this.health.opensAt(now));
    if (at <= now) {
      this.kick();
      return;
    }
    this.wakeTimer = this.host.clock.setTimeout(() => {
      this.wakeTimer = null;
      this.kick();
    }, Math.min(at - now, MAX_TIMER_MS));
  }

  private clearWake(): void {
    if (this.wakeTimer) this.host.clock.clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
  }

  /** Starts buffered jobs while slots are free; an offline lane starts only its probe. */
  private startFromBuffer(now: number): void {
    if (this.held()) return;
    const slots = this.health.isOffline ? (this.probing(now) ? 1 : 0) : this.health.mayStart(now) ? this.config.concurrency : 0;
    while (this.buffer.length > 0 && this.running.size < slots) this.start(this.buffer.shift()!, now);
  }

  private start(job: JobRow, now: number): void {
    this.running.set(job.id, { job, startedAt: now });
    const response: SettledJob['response'] = {};
    const worker = this.host.workerFor(job.type);
    const runner = this;
    // Methods rather than arrow functions: a named arrow costs a `name` property definition
    // per job once transpiled with names kept (tsx), which short jobs notice.
    const context: JobContext = {
      job: {
        id: job.id,
        lane: job.lane,
        type: job.type,
        attempt: job.attempts,
        idempotencyKey: job.idempotency_key,
        orderingKey: job.ordering_key,
      },
      signal: this.abort.signal,
      heartbeat() {
        if (runner.closed) return false;
        try {
          return runner.host.store.heartbeat(job.id, runner.host.owner, runner.host.clock.now() + runner.leaseMs);
        } catch (error) {
          // Called from handlers' timers: a full disk must not throw there. The lease is not
          // extended; the sweep leaves this worker's own running jobs alone.
          runner.host.storage.failed(error);
          return false;
        }
      },
      recordResponse(answer) {
        Object.assign(response, answer);
      },
    };
    // The payload passed its kind's schema when it was queued; it is not checked again per run.
    const run = worker
      ? Promise.resolve().then(() => worker.run(JSON.parse(job.payload), context))
      : Promise.reject(new RemoteError('validation', `No worker handles jobs of type "${job.type}"`));
    run.then(
      (result) => this.onSettled(job, now, response, undefined, result),
      (error: unknown) => {
        // The handler's own write met a full disk: sync holds, and the job waits for space.
        const diskTrouble = this.host.storage.failed(error);
        this.onSettled(job, now, response, coerceError(error), undefined, diskTrouble);
      },
    );
  }

  private onSettled(job: JobRow, startedAt: number, response: SettledJob['response'], error?: RemoteError, result?: unknown, diskTrouble = false): void {
    if (this.closed || !this.running.delete(job.id)) return;
    const endedAt = this.host.clock.now();
    const decision = diskTrouble ? decideStorageOutcome(endedAt) : decideOutcome(job, error, endedAt, this.config.backoff);
    const before = this.state();
    this.health.apply(decision.lane, endedAt);
    if (decision.lane.kind === 'cooldown') this.limiter?.blockUntil(decision.lane.until);
    if (this.state() !== before) this.host.laneChanged();
    this.settled.push({ job, startedAt, endedAt, response, decision: decision.job, ...(error ? { error } : { result }) });
    // Outcomes are written together at the next pump; meanwhile the next taken job starts.
    this.startFromBuffer(endedAt);
    this.kick();
  }

  /**
   * Stops claiming, gives running jobs `graceMs` to finish, then aborts the rest and puts them
   * back in the queue without counting the attempt.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.clearWake();
    if (this.running.size > 0) {
      await Promise.race([
        new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
        new Promise<void>((resolve) => setTimeout(resolve, graceMs)),
      ]);
    }
    const now = this.host.clock.now();
    const leftovers = [...this.running.values()];
    this.abort.abort(new RemoteError('network', 'The app is stopping'));
    this.limiter?.close(new RemoteError('network', 'The app is stopping'));
    this.running.clear();
    const settled = this.settled.splice(0);
    const unstarted = this.buffer.splice(0);
    let written: JobRow[] = [];
    try {
      written = bookkeepingTransaction(this.host.db, () => [
        ...this.writer.write(settled, now),
        ...leftovers.flatMap((active) => this.writer.release(active.job, active.startedAt, now) ?? []),
        ...unstarted.flatMap((job) => this.writer.unclaim(job, now) ?? []),
      ]);
    } catch (error) {
      // Nothing is lost: the jobs stay leased to this worker, and the next start recovers them.
      this.host.logger.error('stopping: the lane could not write its last outcomes; they are recovered at the next start', {
        lane: this.name,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    this.closed = true;
    if (written.length > 0) this.host.jobsChanged(written);
  }
}
