import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { ManualClock, settle } from '../testing/manual-clock.js';
import { makeQueue, testKind, type QueueFixture } from '../testing/queue-fixture.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { newJob } from './job-kind.js';
import { createScheduler, ScheduleError, type ScheduleSpec } from './scheduler.js';

const every30Minutes = (fixture: QueueFixture): ScheduleSpec => ({
  name: 'reconcile',
  cron: '*/30 * * * *',
  timezone: 'UTC',
  job: newJob(fixture.queue.kindOf('reconcile')!, {}),
});
let fixture: QueueFixture | undefined;
let dir: ReturnType<typeof makeTempDir> | undefined;
afterEach(async () => {
  await fixture?.dispose();
  dir?.remove();
});

function open(clock: ManualClock, runs: number[]) {
  fixture = makeQueue({ reconcile: async () => runs.push(clock.now()) }, { dir: dir!.path, clock });
  const scheduler = createScheduler({ db: fixture.db, queue: fixture.queue, clock, logger: silentLogger, schedules: [every30Minutes(fixture)] });
  return { fixture, scheduler };
}

describe('schedules', () => {
  it('fires at each slot while the app runs, with one job per slot', async () => {
    dir = makeTempDir();
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 9, 5));
    const runs: number[] = [];
    const { fixture: f, scheduler } = open(clock, runs);
    f.queue.start();
    scheduler.start();
    await clock.advance(60 * 60_000);
    expect(runs.map((at) => new Date(at).toISOString())).toEqual(['2026-11-23T09:30:00.000Z', '2026-11-23T10:00:00.000Z']);
    const keys = f.db.prepare('SELECT idempotency_key FROM jobs ORDER BY id').all();
    expect(keys).toEqual([
      { idempotency_key: `schedule:reconcile:${Date.UTC(2026, 10, 23, 9, 30)}` },
      { idempotency_key: `schedule:reconcile:${Date.UTC(2026, 10, 23, 10, 0)}` },
    ]);
    scheduler.stop();
  });

  it('runs a schedule missed three times while the app was closed once at start, and its next run survives restarts', async () => {
    dir = makeTempDir();
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 9, 5));
    const runs: number[] = [];
    let { fixture: f, scheduler } = open(clock, runs);
    f.queue.start();
    scheduler.start();
    expect(scheduler.list()[0]!.nextRunAt).toBe('2026-11-23T09:30:00.000Z');
    scheduler.stop();
    await f.dispose();

    // Closed from 09:05 to 10:40: the 09:30, 10:00 and 10:30 slots were missed.
    await clock.advance(95 * 60_000);
    ({ fixture: f, scheduler } = open(clock, runs));
    f.queue.start();
    scheduler.start();
    await settle();
    expect(runs).toHaveLength(1);
    expect(scheduler.list()[0]).toMatchObject({ nextRunAt: '2026-11-23T11:00:00.000Z', lastRunAt: '2026-11-23T10:40:00.000Z' });
    scheduler.stop();
  });

  it('refuses a pattern it cannot read, with the pattern in the message', () => {
    dir = makeTempDir();
    const clock = new ManualClock();
    fixture = makeQueue({ reconcile: async () => null }, { dir: dir.path, clock });
    const scheduler = createScheduler({
      db: fixture.db,
      queue: fixture.queue,
      clock,
      logger: silentLogger,
      schedules: [{ ...every30Minutes(fixture!), cron: 'every half hour' }],
    });
    expect(() => scheduler.start()).toThrow(ScheduleError);
    expect(() => scheduler.start()).toThrow(/every half hour/);
  });

  it('fires a schedule even when another due at the same time cannot enqueue, and tries that one again a minute later', async () => {
    dir = makeTempDir();
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 9, 5));
    const runs: number[] = [];
    fixture = makeQueue({ reconcile: async () => runs.push(clock.now()) }, { dir: dir.path, clock });
    const broken: ScheduleSpec = { name: 'broken', cron: '*/30 * * * *', timezone: 'UTC', job: newJob(testKind('nowhere', 'no-such-lane'), {}) };
    const scheduler = createScheduler({ db: fixture.db, queue: fixture.queue, clock, logger: silentLogger, schedules: [broken, every30Minutes(fixture)] });
    fixture.queue.start();
    scheduler.start();
    await clock.advance(30 * 60_000);
    expect(runs.map((at) => new Date(at).toISOString())).toEqual(['2026-11-23T09:30:00.000Z']);
    // The broken one is retried a minute later, not in a loop: only a few timers ever armed.
    expect(clock.pendingTimers).toBeLessThanOrEqual(3);
    scheduler.stop();
  });

  it('is not woken by a stored schedule this app no longer has', async () => {
    dir = makeTempDir();
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 9, 5));
    fixture = makeQueue({ reconcile: async () => null }, { dir: dir.path, clock });
    fixture.db.prepare("INSERT INTO schedules (name, cron, lane, job_type, next_run_at) VALUES ('gone', '* * * * *', 'test', 'gone', 0)").run();
    const scheduler = createScheduler({ db: fixture.db, queue: fixture.queue, clock, logger: silentLogger, schedules: [every30Minutes(fixture)] });
    scheduler.start();
    // Its only timer is for 09:30, not for the stale row due long ago.
    expect(clock.pendingTimers).toBe(1);
    scheduler.stop();
  });
});
