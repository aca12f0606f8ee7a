import { Cron } from 'croner';
import { MAX_TIMER_MS, type Clock, type TimerHandle } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Db } from '../store/database.js';
import type { NewJob } from './job-kind.js';
import type { Queue } from './queue.js';

export interface ScheduleSpec {
  /** Stable name; also part of each run's idempotency key. */
  name: string;
  /** Five- or six-field cron pattern (e.g. every 30 minutes: `*\/30 * * * *`). */
  cron: string;
  /** IANA time zone of the pattern; the machine's local time by default. */
  timezone?: string;
  /** The job each run enqueues (made with `newJob`); its idempotency key is the run's slot. */
  job: NewJob;
}

interface ScheduleRow {
  name: string;
  cron: string;
  lane: string;
  job_type: string;
  payload: string;
  next_run_at: number;
  last_run_at: number | null;
}

const RETRY_AFTER_FAILURE_MS = 60_000;

/** Thrown for a schedule whose pattern croner cannot read or that never fires. */
export class ScheduleError extends Error {
  readonly kind = 'schedule';
}

function nextRunAfter(pattern: string, after: number, timezone?: string): number {
  let next: Date | null;
  try {
    next = new Cron(pattern, timezone ? { timezone } : {}).nextRun(new Date(after));
  } catch (error) {
    throw new ScheduleError(`Schedule pattern "${pattern}" is not valid: ${(error as Error).message}`);
  }
  if (!next) throw new ScheduleError(`Schedule pattern "${pattern}" never fires`);
  return next.getTime();
}

/**
 * Cron-style schedules that only enqueue. Each slot's job carries the key `schedule:<name>:<slot>`
 * so a slot is never enqueued twice, and the next run is stored, so it survives restarts. Slots
 * missed while the app was closed collapse into one run at start.
 */
export function createScheduler(options: { db: Db; queue: Queue; clock: Clock; logger: Logger; schedules: ScheduleSpec[] }) {
  const { db, queue, clock, logger } = options;
  const specs = new Map(options.schedules.map((spec) => [spec.name, spec]));
  const statements = {
    byName: db.prepare('SELECT * FROM schedules WHERE name = ?'),
    upsert: db.prepare(`INSERT INTO schedules (name, cron, lane, job_type, payload, next_run_at)
      VALUES (@name, @cron, @lane, @type, @payload, @nextRunAt)
      ON CONFLICT (name) DO UPDATE SET cron = excluded.cron, lane = excluded.lane, job_type = excluded.job_type,
        payload = excluded.payload, next_run_at = excluded.next_run_at`),
    due: db.prepare('SELECT * FROM schedules WHERE next_run_at <= ? ORDER BY next_run_at'),
    advance: db.prepare('UPDATE schedules SET next_run_at = @nextRunAt, last_run_at = @lastRunAt WHERE name = @name'),
    // Only this app's schedules: a row left by another configuration must not wake it for nothing.
    earliest: db.prepare('SELECT MIN(next_run_at) AS at FROM schedules WHERE name IN (SELECT value FROM json_each(?))'),
    all: db.prepare('SELECT * FROM schedules ORDER BY name'),
  };
  let timer: TimerHandle | null = null;
  let running = false;

  /** Stores each schedule's next run; those named in `afresh` (a new zone) are worked out again. */
  function register(afresh?: ReadonlySet<string>): void {
    const now = clock.now();
    db.transaction(() => {
      for (const spec of specs.values()) {
        const existing = statements.byName.get(spec.name) as ScheduleRow | undefined;
        // A changed pattern starts afresh; an unchanged one keeps its stored next run.
        const nextRunAt = existing && existing.cron === spec.cron && !afresh?.has(spec.name) ? existing.next_run_at : nextRunAfter(spec.cron, now, spec.timezone);
        statements.upsert.run({
          name: spec.name,
          cron: spec.cron,
          lane: spec.job.kind.lane,
          type: spec.job.kind.type,
          payload: JSON.stringify(spec.job.payload ?? {}),
          nextRunAt,
        });
      }
    })();
  }

  /** Enqueues every due schedule's run; one that fails (a full disk) does not hold back the others. True when all went. */
  function runDue(): boolean {
    const now = clock.now();
    const due = (statements.due.all(now) as ScheduleRow[]).filter((row) => specs.has(row.name));
    let allWent = true;
    for (const row of due) {
      const spec = specs.get(row.name)!;
      try {
        db.transaction(() => {
          queue.enqueue({ ...spec.job, idempotencyKey: `schedule:${spec.name}:${row.next_run_at}` });
          statements.advance.run({ name: row.name, nextRunAt: nextRunAfter(spec.cron, now, spec.timezone), lastRunAt: now });
        })();
        logger.info('schedule fired', { schedule: row.name });
      } catch (error) {
        allWent = false;
        logger.error('a schedule could not enqueue its run; trying again in a minute', { schedule: row.name, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return allWent;
  }

  function arm(): void {
    if (timer) clock.clearTimeout(timer);
    timer = null;
    if (!running) return;
    const at = (statements.earliest.get(JSON.stringify([...specs.keys()])) as { at: number | null }).at;
    if (at === null) return;
    timer = clock.setTimeout(runDueSafely, Math.min(Math.max(0, at - clock.now()), MAX_TIMER_MS));
  }

  /** From a timer: a run that could not be enqueued (a full disk) is tried again in a minute, not at once. */
  function runDueSafely(): void {
    if (runDue()) return arm();
    if (timer) clock.clearTimeout(timer);
    timer = running ? clock.setTimeout(runDueSafely, RETRY_AFTER_FAILURE_MS) : null;
  }

  return {
    start(): void {
      running = true;
      register();
      runDueSafely();
    },
    stop(): void {
      running = false;
      arm();
    },
    /**
     * A schedule's new pattern or time zone (from Settings): its next run is worked out afresh
     * and the timer set for it. A name this core does not run is ignored.
     */
    retime(name: string, change: { cron: string; timezone?: string }): void {
      const spec = specs.get(name);
      if (!spec) return;
      const changedZone = change.timezone !== spec.timezone;
      specs.set(name, { ...spec, cron: change.cron, ...(change.timezone !== undefined ? { timezone: change.timezone } : {}) });
      register(changedZone ? new Set([name]) : undefined);
      arm();
    },
    list(): { name: string; cron: string; nextRunAt: string; lastRunAt: string | null }[] {
      return (statements.all.all() as ScheduleRow[]).map((row) => ({
        name: row.name,
        cron: row.cron,
        nextRunAt: new Date(row.next_run_at).toISOString(),
        lastRunAt: row.last_run_at === null ? null : new Date(row.last_run_at).toISOString(),
      }));
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
