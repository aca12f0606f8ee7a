import type { EnqueueResult } from './queue.js';
import { afterEach, describe, expect, it } from 'vitest';
import { settle } from '../testing/manual-clock.js';
import { makeQueue, type QueueFixture } from '../testing/queue-fixture.js';
import { createJobQueries } from './job-queries.js';
import { RemoteError } from './remote-error.js';

let fixture: QueueFixture;
afterEach(() => fixture?.dispose());

describe('ordering keys', () => {
  it('runs jobs with the same key one after another in enqueue order, even with spare concurrency', async () => {
    const log: string[] = [];
    const release: (() => void)[] = [];
    fixture = makeQueue(
      {
        step: async (payload) => {
          log.push(`start ${payload as string}`);
          await new Promise<void>((resolve) => release.push(resolve));
          log.push(`end ${payload as string}`);
        },
      },
      { lanes: [{ name: 'test', concurrency: 4 }] },
    );
    fixture.queue.start();
    fixture.enqueue(['create', 'modify', 'cancel'].map((payload) => ({ lane: 'test', type: 'step', payload, orderingKey: 'booking:42' })));
    await settle();
    expect(log).toEqual(['start create']);
    release.shift()!();
    await settle();
    release.shift()!();
    await settle();
    release.shift()!();
    await settle();
    expect(log).toEqual(['start create', 'end create', 'start modify', 'end modify', 'start cancel', 'end cancel']);
  });

  it('holds later jobs behind a failed one and says what they wait for; discarding it releases them', async () => {
    const sent: string[] = [];
    fixture = makeQueue({
      push: async (payload) => {
        if (payload === 'bad') throw new RemoteError('validation', 'Rate must be positive');
        sent.push(payload as string);
      },
    });
    const queries = createJobQueries(fixture.db);
    fixture.queue.start();
    const [bad, later] = fixture.enqueue([
      { lane: 'test', type: 'push', payload: 'bad', orderingKey: 'cell:deluxe:2026-12-01' },
      { lane: 'test', type: 'push', payload: 'later', orderingKey: 'cell:deluxe:2026-12-01' },
    ]);
    await fixture.clock.advance(60_000);
    expect(fixture.row(bad!.id).status).toBe('failed');
    expect(fixture.row(later!.id).status).toBe('queued');
    expect(queries.waitingFor(queries.byId(later!.id)!)).toEqual({ id: bad!.id, status: 'failed', type: 'push' });
    // While blocked, the lane sleeps instead of spinning on the blocked job.
    expect(fixture.clock.pendingTimers).toBe(1);

    const discarded = queries.discard(bad!.id, 'Typo; re-entered by hand', fixture.clock.now());
    fixture.queue.jobsChanged([discarded!]);
    await settle();
    expect(sent).toEqual(['later']);
    expect(fixture.row(bad!.id)).toMatchObject({ status: 'cancelled', discard_reason: 'Typo; re-entered by hand' });
  });

  it('wakes a waiting job in another lane when its predecessor finishes', async () => {
    const order: string[] = [];
    fixture = makeQueue(
      { step: async (payload) => order.push(payload as string), pmsStep: async (payload) => order.push(payload as string) },
      { lanes: [{ name: 'test', concurrency: 1 }, { name: 'pms', concurrency: 1 }], kindLanes: { pmsStep: 'pms' } },
    );
    fixture.queue.pause('test');
    fixture.queue.start();
    fixture.enqueue([
      { lane: 'test', type: 'step', payload: 'channel first', orderingKey: 'booking:7' },
      { lane: 'pms', type: 'pmsStep', payload: 'then pms', orderingKey: 'booking:7' },
    ]);
    await settle();
    expect(order).toEqual([]);
    fixture.queue.resume('test');
    await settle();
    expect(order).toEqual(['channel first', 'then pms']);
  });
});

describe('the dead-letter queue', () => {
  const failing = (fixtureRef: () => QueueFixture, state: { fixed: boolean }) => ({
    push: async () => {
      if (!state.fixed) throw new RemoteError('validation', 'Rejected by Cloudbeds');
      return { ok: true, at: fixtureRef().clock.now() };
    },
  });

  it('retries one failed job with its attempts reset, and it completes', async () => {
    const state = { fixed: false };
    fixture = makeQueue(failing(() => fixture, state));
    const queries = createJobQueries(fixture.db);
    fixture.queue.start();
    const [job] = fixture.enqueue({ lane: 'test', type: 'push', payload: { rate: 120 } }) as [EnqueueResult];
    await settle();
    expect(fixture.row(job.id)).toMatchObject({ status: 'failed', attempts: 1 });
    state.fixed = true;
    const retried = queries.retry(job.id, fixture.clock.now());
    expect(retried).toMatchObject({ status: 'queued', attempts: 0 });
    fixture.queue.jobsChanged([retried!]);
    fixture.queue.kick('test');
    await settle();
    expect(fixture.row(job.id)).toMatchObject({ status: 'done', attempts: 1 });
    expect(queries.attempts(job.id).map((attempt) => attempt.outcome)).toEqual(['error', 'done']);
  });

  it('sends a job waiting out its backoff now when asked, keeping the attempts it used', async () => {
    const sentAt: number[] = [];
    fixture = makeQueue({
      flaky: async () => {
        sentAt.push(fixture.clock.now());
        if (sentAt.length === 1) throw new RemoteError('server', 'Cloudbeds answered 503');
      },
    });
    const queries = createJobQueries(fixture.db);
    fixture.queue.start();
    const [job] = fixture.enqueue({ type: 'flaky', payload: null }) as [EnqueueResult];
    await settle();
    expect(fixture.row(job.id)).toMatchObject({ status: 'queued', attempts: 1 });
    expect(fixture.row(job.id).run_at).toBeGreaterThan(fixture.clock.now());
    const now = fixture.clock.now();
    expect(queries.retry(job.id, now)).toMatchObject({ status: 'queued', attempts: 1, run_at: now });
    fixture.queue.kick('test');
    await settle();
    expect(sentAt).toEqual([now, now]);
    expect(fixture.row(job.id)).toMatchObject({ status: 'done', attempts: 2 });
    expect(queries.retry(job.id, now)).toBeUndefined();
  });

  it('retries all failed jobs matching a filter and leaves the others', async () => {
    const state = { fixed: false };
    const handlers = failing(() => fixture, state);
    fixture = makeQueue(
      { ...handlers, pushOther: handlers.push },
      { lanes: [{ name: 'test', concurrency: 1 }, { name: 'other', concurrency: 1 }], kindLanes: { pushOther: 'other' } },
    );
    const queries = createJobQueries(fixture.db);
    fixture.queue.start();
    fixture.enqueue([
      { lane: 'test', type: 'push', payload: { room: 'deluxe' } },
      { lane: 'test', type: 'push', payload: { room: 'suite' } },
      { lane: 'other', type: 'pushOther', payload: { room: 'deluxe' } },
    ]);
    await settle();
    const retried = queries.retryMatching({ lane: ['test'], text: 'DELUXE' }, fixture.clock.now());
    expect(retried).toHaveLength(1);
    const statuses = fixture.db.prepare('SELECT lane, status FROM jobs ORDER BY id').all();
    expect(statuses).toEqual([
      { lane: 'test', status: 'queued' },
      { lane: 'test', status: 'failed' },
      { lane: 'other', status: 'failed' },
    ]);
  });

  it('keeps failed jobs when pruning, and prunes old done jobs', async () => {
    fixture = makeQueue(
      {
        ok: async () => null,
        no: async () => {
          throw new RemoteError('validation', 'no');
        },
      },
      { retainFinishedMs: 24 * 3_600_000, sweepMs: 48 * 3_600_000 },
    );
    fixture.queue.start();
    fixture.enqueue([
      { lane: 'test', type: 'ok', payload: null },
      { lane: 'test', type: 'no', payload: null },
    ]);
    await settle();
    await fixture.clock.advance(25 * 3_600_000);
    expect(await fixture.queue.sweep()).toBe(1);
    expect(fixture.db.prepare('SELECT type, status FROM jobs').all()).toEqual([{ type: 'no', status: 'failed' }]);
  });
});
