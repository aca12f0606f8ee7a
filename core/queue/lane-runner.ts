import { MAX_TIMER_MS, pause, type Clock, type TimerHandle } from '../clock.js';
import type { Logger } from '../logger.js';
import { bookkeepingTransaction, type Db } from '../store/database.js';
import type { LaneState } from '../../shared/contract.js';
import type { BackoffOptions } from './backoff.js';
import type { JobRow } from './job-rows.js';
import type { AttemptRecord, JobStore } from './job-store.js';
import type { LaneStore } from './lane-store.js';
import { decideOnFailure, probeDelayMs } from './outcome-policy.js';
import { coerceError, RemoteError } from './remote-error.js';
import { TokenBucket, type RateLimit } from './token-bucket.js';

export interface LaneConfig {
  name: string;
  /** Jobs of this lane sent at once. */
  concurrency: number;
  /** From the remote API's published limit; none for local work. */
  rateLimit?: RateLimit;
  /** How long a claimed job stays leased without a heartbeat. */
  leaseMs?: number;
  /**
   * Jobs claimed ahead of a free slot, so short local jobs do not pay one transaction each.
   * Rate-limited lanes claim nothing ahead (0) by default: a person's later job must not wait
   * behind background jobs already taken. Unlimited lanes default to 255: each claim's
   * transaction commits at a cost of dozens of short jobs, so they are taken in big batches.
   */
  prefetch?: number;
  backoff?: BackoffOptions;
  /** Whether the lane's remote system is the sandbox (demo) or the real one; none for local work. */
  connection?: 'demo' | 'live';
}

/** What a handler learns about its job, and how it talks back. */
export interface JobContext {
  readonly job: {
    id: number;
    lane: string;
    type: string;
    attempt: number;
    idempotencyKey: string | null;
    orderingKey: string | null;
  };
  /** Aborted when the queue stops and the job must give up. */
  readonly signal: AbortSignal;
  /** Extends the lease; long handlers call it well within `leaseMs`. */
  heartbeat(): void;
  /** The remote answer of a successful call, kept in the attempt history. */
  recordResponse(response: { httpStatus?: number; requestId?: string }): void;
  /**
   * Waits for the lane's rate limit to allow one more request. The claim paid for the job's
   * first request; a handler that sends more (polling an asynchronous result, paging) awaits
   * this before each of the others, so the lane never passes its API's limit.
   */
  spendRequest(): Promise<void>;
}

export type JobHandler = (payload: unknown, context: JobContext) => Promise<unknown>;

/** What a lane runner needs from the queue around it. */
export interface LaneHost {
  db: Db;
  store: JobStore;
  laneStore: LaneStore;
  clock: Clock;
  logger: Logger;
  owner: string;
  handlerFor(type: string): JobHandler | undefined;
  globallyPaused(): boolean;
  jobsChanged(rows: JobRow[]): void;
  laneChanged(): void;
}

interface Settled {
  job: JobRow;
  startedAt: number;
  endedAt: number;
  result?: unknown;
  error?: RemoteError;
  response: { httpStatus?: number; requestId?: string };
}

interface ActiveJob {
  job: JobRow;
  startedAt: number;
}

const MAX_CLAIM_BATCH = 256;
const DEFAULT_LEASE_MS = 5 * 60_000;

/**
 * Sends one lane's jobs: claims due jobs as capacity, rate limit and lane state allow, runs
 * them outside any transaction, and writes their outcomes together with the next claim in one
 * short transaction. Sleeps on a timer set to the next moment anything can happen.
 */
export class LaneRunner {
  private readonly running = new Map<number, ActiveJob>();
  /** Claimed (leased) but not started yet. */
  private buffer: JobRow[] = [];
  private readonly prefetch: number;
  /** Aborted when the queue stops, telling every running handler to give up. */
  private readonly abort = new AbortController();
  private settled: Settled[] = [];
  private pumpQueued = false;
  private wakeTimer: TimerHandle | null = null;
  private readonly limiter: TokenBucket | null;
  private readonly leaseMs: number;
  private offline = false;
  private failedProbes = 0;
  private nextProbeAt = 0;
  private cooldownUntil = 0;
  private paused = false;
  private needsSignIn = false;
  private stopping = false;
  private closed = false;
  private lastSuccessAt: number | null = null;
  private idleWaiters: (() => void)[] = [];

  constructor(
    readonly config: LaneConfig,
    private readonly host: LaneHost,
    persisted: { paused: boolean; needsSignIn: boolean },
  ) {
    this.limiter = config.rateLimit ? new TokenBucket(config.rateLimit, host.clock.now()) : null;
    this.leaseMs = config.leaseMs ?? DEFAULT_LEASE_MS;
    this.prefetch = config.prefetch ?? (config.rateLimit ? 0 : MAX_CLAIM_BATCH - 1);
    this.paused = persisted.paused;
    this.needsSignIn = persisted.needsSignIn;
  }

  get name(): string {
    return this.config.name;
  }

  get activeJobIds(): ReadonlySet<number> {
    return new Set([...this.running.keys(), ...this.buffer.map((job) => job.id)]);
  }

  state(): LaneState {
    if (this.needsSignIn) return 'needs_sign_in';
    if (this.paused || this.host.globallyPaused()) return 'paused';
    return this.offline ? 'offline' : 'online';
  }

  /** Requests the lane could send now under its rate limit (null: unlimited). */
  rateHeadroom(): number | null {
    return this.limiter ? this.limiter.available(this.host.clock.now()) : null;
  }

  /**
   * The remote system said how much of its own budget is left (Beds24's credit headers). When
   * too little is left for another call, the lane waits for the window to reset, exactly as
   * after a 429, so the limit is never reached rather than hit and answered.
   */
  reportBudget(budget: { remaining: number; resetsInMs: number; cost: number }): void {
    if (budget.remaining >= Math.max(1, budget.cost) * 2) return;
    const until = this.host.clock.now() + Math.max(0, budget.resetsInMs);
    this.cooldownUntil = Math.max(this.cooldownUntil, until);
    this.limiter?.blockUntil(until);
    this.kick();
  }

  /** Takes one token when the limiter (and any cooldown a 429 imposed) allows; waits till then. */
  private async spendRequest(): Promise<void> {
    if (!this.limiter) return;
    for (;;) {
      const now = this.host.clock.now();
      if (now >= this.cooldownUntil && this.limiter.available(now) >= 1) return this.limiter.take(now);
      const at = Math.max(this.cooldownUntil, this.limiter.nextTokenAt(now));
      await pause(this.host.clock, Math.max(1, at - now), this.abort.signal);
    }
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    this.kick();
  }

  /** Someone signed in again (or asked to try): send again. */
  clearSignIn(): void {
    this.needsSignIn = false;
    this.kick();
  }

  /** Wake up soon (not re-entrantly) and see what can be sent. */
  kick(): void {
    if (this.pumpQueued || this.closed) return;
    this.pumpQueued = true;
    setImmediate(() => this.pump());
  }

  /** Whether a job may start now, whatever the slots. */
  private mayStart(now: number): boolean {
    return !(this.stopping || this.capacityIsBlockedByPerson() || now < this.cooldownUntil || this.offline);
  }

  /** How many jobs to claim now. */
  private capacity(now: number): number {
    if (this.stopping || this.capacityIsBlockedByPerson() || now < this.cooldownUntil) return 0;
    // Offline, one job at a time probes whether the remote system is back.
    if (this.offline) return this.running.size === 0 && this.buffer.length === 0 && now >= this.nextProbeAt ? Math.min(1, this.tokens(now)) : 0;
    const room = this.config.concurrency + this.prefetch - this.running.size - this.buffer.length;
    return Math.max(0, Math.min(room, this.tokens(now), MAX_CLAIM_BATCH));
  }

  private tokens(now: number): number {
    return this.limiter ? this.limiter.available(now) : Infinity;
  }

  /** The earliest time a claim could succeed, given the gates other than due times. */
  private gateOpensAt(now: number): number {
    if (this.offline && this.running.size > 0) return Infinity;
    let at = Math.max(now, this.cooldownUntil);
    if (this.offline) at = Math.max(at, this.nextProbeAt);
    if (this.limiter) at = Math.max(at, this.limiter.nextTokenAt(at));
    return at;
  }

  private pump(): void {
    this.pumpQueued = false;
    if (this.closed) return;
    this.clearWake();
    const now = this.host.clock.now();
    const settled = this.settled.splice(0);
    // Jobs taken ahead go back when the lane may not send now (paused, offline, told to wait).
    const unstarted = this.offline && this.running.size === 0 && now >= this.nextProbeAt ? this.buffer.splice(1) : [];
    if (!this.mayStart(now) && !this.offline) unstarted.push(...this.buffer.splice(0));
    const want = this.capacity(now);
    let written: JobRow[] = [];
    let claimed: JobRow[] = [];
    if (settled.length > 0 || unstarted.length > 0 || want > 0) {
      bookkeepingTransaction(this.host.db, () => {
        written = this.writeOutcomes(settled, now);
        written.push(...unstarted.flatMap((job) => this.unclaim(job, now) ?? []));
        if (this.lastSuccessAt !== null && settled.some((item) => !item.error)) {
          this.host.laneStore.recordSuccess(this.name, this.lastSuccessAt);
        }
        if (want > 0) claimed = this.host.store.claim(this.name, want, this.host.owner, this.leaseMs, now);
      });
    }
    if (written.length > 0 || claimed.length > 0) this.host.jobsChanged([...written, ...claimed]);
    if (claimed.length > 0) {
      this.limiter?.take(now, claimed.length);
      this.buffer.push(...claimed);
    }
    this.startFromBuffer(now);
    this.scheduleWake(now);
    if (this.running.size === 0 && this.settled.length === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  private scheduleWake(now: number): void {
    if (this.stopping || this.buffer.length > 0 || this.running.size >= this.config.concurrency || this.capacityIsBlockedByPerson()) return;
    const gate = this.gateOpensAt(now);
    if (gate === Infinity) return;
    const due = this.host.store.nextDueAt(this.name);
    if (due === null) return;
    const at = Math.max(due, gate);
    if (at <= now) {
      this.kick();
      return;
    }
    this.wakeTimer = this.host.clock.setTimeout(() => {
      this.wakeTimer = null;
      this.kick();
    }, Math.min(at - now, MAX_TIMER_MS));
  }

  private capacityIsBlockedByPerson(): boolean {
    return this.paused || this.needsSignIn || this.host.globallyPaused();
  }

  private clearWake(): void {
    if (this.wakeTimer) this.host.clock.clearTimeout(this.wakeTimer);
    this.wakeTimer = null;
  }

  /** Starts buffered jobs while slots are free; an offline lane starts only its probe. */
  private startFromBuffer(now: number): void {
    const probing = this.offline && this.running.size === 0;
    if (!this.mayStart(now) && !probing) return;
    while (this.buffer.length > 0 && this.running.size < (probing ? 1 : this.config.concurrency)) {
      this.start(this.buffer.shift()!, now);
    }
  }

  private start(job: JobRow, now: number): void {
    this.running.set(job.id, { job, startedAt: now });
    const response: Settled['response'] = {};
    const handler = this.host.handlerFor(job.type);
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
        if (!runner.closed) runner.host.store.heartbeat(job.id, runner.host.owner, runner.host.clock.now() + runner.leaseMs);
      },
      recordResponse(answer) {
        Object.assign(response, answer);
      },
      spendRequest() {
        return runner.spendRequest();
      },
    };
    const run = handler
      ? Promise.resolve().then(() => handler(JSON.parse(job.payload), context))
      : Promise.reject(new RemoteError('validation', `No worker handles jobs of type "${job.type}"`));
    run.then(
      (result) => this.onSettled({ job, startedAt: now, endedAt: this.host.clock.now(), result, response }),
      (error: unknown) =>
        this.onSettled({ job, startedAt: now, endedAt: this.host.clock.now(), error: coerceError(error), response }),
    );
  }

  private onSettled(item: Settled): void {
    if (this.closed || !this.running.delete(item.job.id)) return;
    this.applyLaneEffect(item);
    this.settled.push(item);
    // Outcomes are written together at the next pump; meanwhile the next taken job starts.
    this.startFromBuffer(item.endedAt);
    this.kick();
  }

  /** A job's outcome says something about the remote system as a whole. */
  private applyLaneEffect(item: Settled): void {
    const now = item.endedAt;
    const before = this.state();
    if (!item.error) {
      this.offline = false;
      this.failedProbes = 0;
      this.lastSuccessAt = now;
    } else if (item.error.kind === 'network') {
      this.offline = true;
      this.failedProbes += 1;
      this.nextProbeAt = now + probeDelayMs(this.failedProbes);
    } else if (item.error.kind === 'rate_limited') {
      const until = now + (item.error.retryAfterMs ?? 0);
      this.cooldownUntil = Math.max(this.cooldownUntil, until);
      this.limiter?.blockUntil(until);
    } else if (item.error.kind === 'auth') {
      this.needsSignIn = true;
    } else if (this.offline) {
      // Any answer from the remote system means the network is back.
      this.offline = false;
      this.failedProbes = 0;
    }
    if (this.state() !== before) this.host.laneChanged();
  }

  /**
   * Writes outcomes (inside the pump's transaction): all successes in one statement, failures
   * one by one as the policy decides. Returns the rows as they now stand; an outcome whose lease
   * was lost meanwhile (another worker recovered the job) is dropped.
   */
  private writeOutcomes(items: Settled[], now: number): JobRow[] {
    const { store, laneStore, owner } = this.host;
    const written: JobRow[] = [];
    const attempts: AttemptRecord[] = [];
    const attemptOf = (item: Settled): AttemptRecord => ({
      jobId: item.job.id,
      startedAt: item.startedAt,
      endedAt: item.endedAt,
      outcome: item.error ? 'error' : 'done',
      errorKind: item.error?.kind ?? null,
      httpStatus: item.error?.httpStatus ?? item.response.httpStatus ?? null,
      requestId: item.error?.requestId ?? item.response.requestId ?? null,
      error: item.error?.message ?? null,
    });
    const successes = items.filter((item) => !item.error);
    const doneIds = store.markManyDone(successes.map((item) => ({ id: item.job.id, result: item.result })), owner, now);
    for (const item of successes) {
      if (!doneIds.has(item.job.id)) continue;
      written.push({
        ...item.job,
        status: 'done',
        result: JSON.stringify(item.result ?? null),
        last_error: null,
        error_kind: null,
        lease_owner: null,
        lease_expires_at: null,
        finished_at: now,
        updated_at: now,
      });
      attempts.push(attemptOf(item));
    }
    for (const item of items) {
      const error = item.error;
      if (!error) continue;
      const decision = decideOnFailure(item.job, error, now, this.config.backoff);
      const row =
        decision.action === 'fail'
          ? store.markFailed(item.job.id, owner, error.message, error.kind, now)
          : store.markRequeued(item.job.id, owner, { ...decision, error: error.message, errorKind: error.kind }, now);
      laneStore.recordError(this.name, now, error.message);
      if (error.kind === 'auth') laneStore.setNeedsSignIn(this.name, true);
      if (!row) continue;
      written.push(row);
      attempts.push(attemptOf(item));
    }
    store.recordAttempts(attempts);
    const lost = successes.length - doneIds.size;
    if (lost > 0) this.host.logger.warn('outcomes ignored: the jobs were no longer leased to this worker', { count: lost });
    return written;
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
    this.abort.abort();
    this.running.clear();
    const settled = this.settled.splice(0);
    const unstarted = this.buffer.splice(0);
    const written = bookkeepingTransaction(this.host.db, () => [
      ...this.writeOutcomes(settled, now),
      ...leftovers.flatMap((active) => this.release(active, now) ?? []),
      ...unstarted.flatMap((job) => this.unclaim(job, now) ?? []),
    ]);
    this.closed = true;
    if (written.length > 0) this.host.jobsChanged(written);
  }

  /** Returns a job taken ahead but never started; it cost no attempt. */
  private unclaim(job: JobRow, now: number): JobRow | undefined {
    return this.host.store.markRequeued(
      job.id,
      this.host.owner,
      { runAt: job.run_at, refund: true, error: job.last_error ?? '', errorKind: job.error_kind },
      now,
    );
  }

  private release(active: ActiveJob, now: number): JobRow | undefined {
    const error = 'The app shut down before this job finished; it was put back in the queue.';
    this.host.store.recordAttempts([{ jobId: active.job.id, startedAt: active.startedAt, endedAt: now, outcome: 'lost', error }]);
    return this.host.store.markRequeued(
      active.job.id,
      this.host.owner,
      { runAt: now, refund: true, error, errorKind: null },
      now,
    );
  }
}
