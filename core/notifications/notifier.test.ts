import { afterEach, describe, expect, it } from 'vitest';
import type { Notification } from '../../shared/contract.js';
import { silentLogger } from '../logger.js';
import { RemoteError } from '../queue/remote-error.js';
import { fillTheDisk, freeTheDisk } from '../testing/disk-full.js';
import { makeQueue, type QueueFixture, type TestHandler } from '../testing/queue-fixture.js';
import { createJobQueries } from '../queue/job-queries.js';
import { createNotificationStore } from './notification-store.js';
import { createNotifier, KEEP_READ_MS } from './notifier.js';

let fixture: QueueFixture;
let heard: { notification: Notification; created: boolean }[];
let resolvedHeard: { notifications: Notification[]; unread: number }[];
afterEach(() => fixture?.dispose());

/** A queue on a real SQLite file with a notifier listening, as the core wires them. */
function setUp(handlers: Record<string, TestHandler>, groupWindowMs = 60_000) {
  fixture = makeQueue(handlers, {
    lanes: [{ name: 'cloudbeds', displayName: 'Cloudbeds', concurrency: 4 }],
    kindNouns: { 'rates/push': ['rate update', 'rate updates'], 'bookings/push': ['booking update', 'booking updates'] },
  });
  heard = [];
  resolvedHeard = [];
  const store = createNotificationStore(fixture.db);
  const notifier = createNotifier({
    queue: fixture.queue,
    store,
    clock: fixture.clock,
    logger: silentLogger,
    groupWindowMs,
    onNotification: (notification, created) => heard.push({ notification, created }),
    onResolved: (notifications, unread) => resolvedHeard.push({ notifications, unread }),
  });
  notifier.start();
  fixture.queue.start();
  return store;
}

const rejected = (message: string): TestHandler => async () => {
  throw new RemoteError('validation', message);
};
const stored = () => fixture.db.prepare('SELECT * FROM notifications ORDER BY id').all() as Record<string, unknown>[];

describe('the notifier', () => {
  it('tells of a failed rate update in words, linked to the job and the Failed screen', async () => {
    setUp({ 'rates/push': rejected('Rate must be at least 50.00') });
    const [job] = fixture.enqueue({ lane: 'cloudbeds', type: 'rates/push', payload: { rate: 10 } });
    await fixture.clock.advance(1_000);

    expect(stored()).toHaveLength(1);
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({
      created: true,
      notification: {
        type: 'ERROR',
        title: 'Rate update failed: Rate must be at least 50.00',
        read: false,
        count: 1,
        jobId: job!.id,
        screen: 'failed',
      },
    });
    expect(stored()[0]).toMatchObject({ group_key: 'job-failed:rates/push', read: 0 });
  });

  it('groups 50 failures in 10 s into one notification with count 50, without spamming', async () => {
    setUp({ 'rates/push': rejected('Rate is below the minimum') });
    for (let i = 0; i < 50; i += 1) {
      fixture.enqueue({ lane: 'cloudbeds', type: 'rates/push', payload: { i } });
      await fixture.clock.advance(200);
    }
    await fixture.clock.advance(1_000);

    const rows = stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ count: 50, title: '50 rate updates failed', type: 'ERROR' });
    expect(heard.filter((entry) => entry.created)).toHaveLength(1);
    // The bell hears every growth (count 2, 3 … 50) on the same row.
    expect(new Set(heard.map((entry) => entry.notification.id)).size).toBe(1);
    expect(heard.at(-1)!.notification).toMatchObject({ count: 50, jobId: Math.max(...heard.map((entry) => entry.notification.jobId!)) });
  });

  it('counts the failed jobs it told of as resolved when retried and done, discarded or superseded, and is read once all are', async () => {
    const refuse = new Set([1, 2, 3]);
    setUp({
      'rates/push': async (payload) => {
        if (refuse.has(payload as number)) throw new RemoteError('validation', 'Rate is below the minimum');
        return 'ok';
      },
    });
    const jobs = fixture.enqueue([1, 2, 3].map((n) => ({ lane: 'cloudbeds', type: 'rates/push', payload: n })));
    await fixture.clock.advance(1_000);
    const [told] = stored();
    expect(told).toMatchObject({ count: 3, read: 0 });
    const queries = createJobQueries(fixture.db);
    const settle = async (rows: ReturnType<typeof queries.retry>[]) => {
      fixture.queue.jobsChanged(rows.filter((row) => row !== undefined));
      fixture.queue.kick();
      await fixture.clock.advance(1_000);
    };

    // Job 1 retried, and Cloudbeds takes it this time.
    refuse.delete(1);
    await settle([queries.retry(jobs[0]!.id, fixture.clock.now())]);
    expect(resolvedHeard.at(-1)).toEqual({ notifications: [expect.objectContaining({ id: told!.id, read: false, jobs: { total: 3, resolved: 1 } })], unread: 1 });
    // Job 2 retried and refused again: still open, and a fourth failure in the group.
    await settle([queries.retry(jobs[1]!.id, fixture.clock.now())]);
    expect(resolvedHeard).toHaveLength(1);
    expect(stored()[0]).toMatchObject({ count: 4, read: 0 });
    // Job 2 discarded, job 3 superseded by a later push: all three resolved, so it is read.
    await settle([queries.discard(jobs[1]!.id, 'typo', fixture.clock.now())]);
    const [later] = fixture.enqueue({ lane: 'cloudbeds', type: 'rates/push', payload: 4 });
    await settle(queries.supersede([jobs[2]!.id], later!.id, fixture.clock.now()));
    expect(resolvedHeard.at(-1)).toEqual({ notifications: [expect.objectContaining({ id: told!.id, read: true, jobs: { total: 3, resolved: 3 } })], unread: 0 });
    expect(stored()).toEqual([expect.objectContaining({ id: told!.id, read: 1, count: 4 })]);
    // Resolving is not news: nothing was created or grown by it.
    expect(heard).toHaveLength(4);
  });

  it('starts a new notification once the grouping window has passed, or once the open one was read', async () => {
    const store = setUp({ 'rates/push': rejected('No') }, 10_000);
    fixture.enqueue({ lane: 'cloudbeds', type: 'rates/push', payload: 1 });
    await fixture.clock.advance(11_000);
    fixture.enqueue({ lane: 'cloudbeds', type: 'rates/push', payload: 2 });
    await fixture.clock.advance(1_000);
    expect(stored().map((row) => row.count)).toEqual([1, 1]);

    store.markAllRead();
    fixture.enqueue({ lane: 'cloudbeds', type: 'rates/push', payload: 3 });
    await fixture.clock.advance(1_000);
    expect(stored().map((row) => [row.count, row.read])).toEqual([
      [1, 1],
      [1, 1],
      [1, 0],
    ]);
  });

  it('groups per job kind, in the words of each kind', async () => {
    setUp({ 'rates/push': rejected('Bad rate'), 'bookings/push': rejected('Bad booking') });
    fixture.enqueue([
      { lane: 'cloudbeds', type: 'rates/push', payload: 1 },
      { lane: 'cloudbeds', type: 'bookings/push', payload: 2 },
      { lane: 'cloudbeds', type: 'bookings/push', payload: 3 },
    ]);
    await fixture.clock.advance(1_000);
    expect(stored().map((row) => row.title)).toEqual(['Rate update failed: Bad rate', '2 booking updates failed']);
  });

  it('names a job of a kind this version no longer has generically, and says what it was', async () => {
    setUp({});
    // A job left by an older version, of a type nothing handles any more.
    fixture.db
      .prepare("INSERT INTO jobs (lane, type, payload, summary, run_at, created_at, updated_at) VALUES ('cloudbeds', 'mystery/thing', '{}', 'Mystery · 5 Dec', 0, 0, 0)")
      .run();
    fixture.queue.kick();
    await fixture.clock.advance(1_000);
    expect(stored()).toEqual([
      expect.objectContaining({
        title: 'Sync job failed: No worker handles jobs of type "mystery/thing"',
        message: 'Mystery · 5 Dec: No worker handles jobs of type "mystery/thing". Open Failed to retry or discard it.',
      }),
    ]);
  });

  it('tells again when a retried job fails again', async () => {
    setUp({ 'rates/push': rejected('Still wrong') });
    const [job] = fixture.enqueue({ lane: 'cloudbeds', type: 'rates/push', payload: 1 });
    await fixture.clock.advance(1_000);
    fixture.db.prepare("UPDATE jobs SET status = 'queued', attempts = 0 WHERE id = ?").run(job!.id);
    fixture.queue.jobsChanged([fixture.row(job!.id) as never]);
    fixture.queue.kick();
    await fixture.clock.advance(1_000);
    expect(stored()).toEqual([expect.objectContaining({ count: 2, title: '2 rate updates failed' })]);
  });

  it('says once per outage that Cloudbeds is offline, however often it probes, then that it is back with the queued count', async () => {
    let networkUp = false;
    setUp({
      'rates/push': async () => {
        if (!networkUp) throw new RemoteError('network', 'connect ECONNREFUSED');
      },
    });
    fixture.enqueue([1, 2, 3].map((n) => ({ lane: 'cloudbeds', type: 'rates/push', payload: n })));
    await fixture.clock.advance(10 * 60_000);
    expect(fixture.queue.status().lanes[0]!.state).toBe('offline');
    expect(stored()).toEqual([
      expect.objectContaining({ type: 'INFO', title: 'Cloudbeds is offline; changes are kept and will be sent', screen: 'sync', count: 1 }),
    ]);

    networkUp = true;
    await fixture.clock.advance(10 * 60_000);
    expect(fixture.queue.status().lanes[0]!.state).toBe('online');
    const rows = stored();
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ type: 'SUCCESS', screen: 'sync' });
    expect(rows[1]!.title).toMatch(/^Cloudbeds is back; [1-3] queued changes? (is|are) being sent$/);
  });

  it('asks the person to sign in again when Cloudbeds refuses the credentials', async () => {
    setUp({
      'rates/push': async () => {
        throw new RemoteError('auth', 'Invalid access token');
      },
    });
    fixture.enqueue({ lane: 'cloudbeds', type: 'rates/push', payload: 1 });
    await fixture.clock.advance(1_000);
    expect(stored()).toEqual([
      expect.objectContaining({ type: 'ERROR', title: 'Cloudbeds needs you to sign in again', screen: 'sync', job_id: null }),
    ]);
  });
});

describe('notification retention', () => {
  it('deletes read notifications older than 30 days at start and keeps unread ones however old', async () => {
    fixture = makeQueue({}, { lanes: [{ name: 'cloudbeds', concurrency: 1 }] });
    const now = fixture.clock.now();
    const insert = fixture.db.prepare(
      "INSERT INTO notifications (type, title, message, read, screen, group_key, created_at, updated_at) VALUES ('INFO', ?, '', ?, 'sync', 'k', ?, ?)",
    );
    insert.run('old read', 1, now - KEEP_READ_MS - 1, now - KEEP_READ_MS - 1);
    insert.run('old unread', 0, now - KEEP_READ_MS - 1, now - KEEP_READ_MS - 1);
    insert.run('recent read', 1, now - 1_000, now - 1_000);
    const store = createNotificationStore(fixture.db);
    createNotifier({ queue: fixture.queue, store, clock: fixture.clock, logger: silentLogger, onNotification: () => {}, onResolved: () => {} }).start();
    expect(stored().map((row) => row.title)).toEqual(['old unread', 'recent read']);
  });

  it('tells once that the disk is full and sync has stopped, and not again while it stays full', async () => {
    setUp({ 'rates/push': async () => 'x'.repeat(4_000) });
    fixture.enqueue([1, 2].map((n) => ({ lane: 'cloudbeds', type: 'rates/push', payload: n })));
    fillTheDisk(fixture.db);
    await fixture.clock.advance(120_000);
    expect(fixture.queue.status().storage.state).toBe('full');
    expect(stored()).toEqual([
      expect.objectContaining({ type: 'ERROR', title: 'The disk is full: sync has stopped', message: expect.stringContaining('free some space'), screen: 'sync' }),
    ]);
    freeTheDisk(fixture.db);
    await fixture.clock.advance(31_000);
    expect(fixture.queue.status().storage.state).toBe('ok');
    expect(stored()).toHaveLength(1);
  });

  it('tells when the disk has room again if even that notice could not be written while it was full', async () => {
    fixture = makeQueue({ 'rates/push': async () => 'x'.repeat(4_000) }, { lanes: [{ name: 'cloudbeds', displayName: 'Cloudbeds', concurrency: 1 }] });
    const store = createNotificationStore(fixture.db);
    let full = false;
    const notices: string[] = [];
    createNotifier({
      queue: fixture.queue,
      // The notification table is on the same full disk.
      store: { ...store, record: (...args) => (full ? (() => { throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }); })() : store.record(...args)) },
      clock: fixture.clock,
      logger: silentLogger,
      onNotification: (notification) => notices.push(notification.title),
      onResolved: () => {},
    }).start();
    fixture.queue.start();
    full = true;
    fixture.enqueue({ lane: 'cloudbeds', type: 'rates/push', payload: 1 });
    fillTheDisk(fixture.db);
    await fixture.clock.advance(20_000);
    expect(fixture.queue.status().storage.state).toBe('full');
    expect(notices).toEqual([]);
    full = false;
    freeTheDisk(fixture.db);
    await fixture.clock.advance(31_000);
    expect(notices).toEqual(['Sync has resumed: the disk can be written again']);
    expect(stored()[0]).toMatchObject({ message: expect.stringMatching(/^The database could not be written from \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC; .*nothing saved was lost/) });
  });
});
