import { afterEach, describe, expect, it } from 'vitest';
import { settle } from '../testing/manual-clock.js';
import { z } from 'zod';
import { silentLogger } from '../logger.js';
import { openStore } from '../store/database.js';
import { makeQueue, testKind, type QueueFixture } from '../testing/queue-fixture.js';
import { defineJobKind, newJob, workerFor } from './job-kind.js';
import { createQueue, EnqueueError } from './queue.js';

const noop = async () => null;
let fixture: QueueFixture;
afterEach(() => fixture?.dispose());

const count = (status?: string) =>
  (
    fixture.db
      .prepare(`SELECT COUNT(*) AS n FROM jobs ${status ? 'WHERE status = ?' : ''}`)
      .get(...(status ? [status] : [])) as { n: number }
  ).n;

describe('enqueue', () => {
  it('gives 900 jobs for 1,000 enqueues that repeat 100 idempotency keys', () => {
    fixture = makeQueue({ noop });
    const specs = Array.from({ length: 1000 }, (_, i) => ({
      lane: 'test',
      type: 'noop',
      payload: { i },
      idempotencyKey: `key-${i < 900 ? i : i - 900}`,
    }));
    const results = fixture.enqueue(specs);
    expect(count()).toBe(900);
    expect(results.filter((result) => result.created)).toHaveLength(900);
    // A repeated key returns the job that already had it.
    expect(results[950]!.id).toBe(results[50]!.id);
    expect(results[950]!.created).toBe(false);
  });

  it('returns the existing job when the same key is enqueued again later, singly', () => {
    fixture = makeQueue({ noop });
    const [first] = fixture.enqueue({ lane: 'test', type: 'noop', payload: { v: 1 }, idempotencyKey: 'once' });
    const [again] = fixture.enqueue({ lane: 'test', type: 'noop', payload: { v: 2 }, idempotencyKey: 'once' });
    expect(again!.id).toBe(first!.id);
    expect(again!.created).toBe(false);
    expect(JSON.parse(fixture.row(first!.id).payload as string)).toEqual({ v: 1 });
  });

  it('creates only the new jobs of a batch whose keys are partly taken, in order', () => {
    fixture = makeQueue({ noop });
    const taken = fixture.enqueue(
      Array.from({ length: 10 }, (_, i) => ({ lane: 'test', type: 'noop', payload: { old: i }, idempotencyKey: `key-${120 + i * 7}` })),
    );
    // 200 specs, more than one insert statement holds: keys from 120 on are partly taken (so the
    // statements before the first taken one succeed at first), and the last 10 repeat earlier keys.
    const specs = Array.from({ length: 200 }, (_, i) => ({
      lane: 'test',
      type: 'noop',
      payload: { i },
      idempotencyKey: `key-${i < 190 ? i : i - 189}`,
    }));
    const results = fixture.enqueue(specs);
    expect(count()).toBe(10 + 190 - 10);
    expect(results.filter((result) => result.created)).toHaveLength(180);
    expect(results[134]).toEqual({ id: taken[2]!.id, created: false });
    expect(results[195]).toEqual({ id: results[6]!.id, created: false });
    for (const [i, result] of results.entries()) {
      if (result.created) expect(JSON.parse(fixture.row(result.id).payload as string)).toEqual({ i });
    }
    const createdIds = results.filter((result) => result.created).map((result) => result.id);
    expect(createdIds).toEqual([...createdIds].sort((a, b) => a - b));
  });

  it('writes a batch all or nothing', () => {
    fixture = makeQueue({ noop });
    expect(() =>
      fixture.enqueue([
        { lane: 'test', type: 'noop', payload: 1 },
        { lane: 'test', type: 'noop', payload: 2, maxAttempts: 0 },
      ]),
    ).toThrow(/CHECK constraint/);
    expect(count()).toBe(0);
  });

  it('refuses an unknown job type, a look-alike kind, or a kind whose lane the queue lacks, before writing anything', () => {
    fixture = makeQueue({ noop, stray: noop }, { kindLanes: { stray: 'nowhere' } });
    expect(() => fixture.enqueue([{ type: 'noop' }, { type: 'mystery', payload: null }])).toThrow(/No worker handles jobs of type "mystery"/);
    expect(() => fixture.queue.enqueue(newJob(testKind('noop', 'test'), null))).toThrow(/must be made from their registered kind/);
    expect(() => fixture.enqueue({ type: 'stray' })).toThrow(EnqueueError);
    expect(() => fixture.enqueue({ type: 'stray' })).toThrow(/Unknown lane "nowhere"/);
    expect(count()).toBe(0);
  });

  it("refuses a payload its kind's schema refuses, naming the field, and writes nothing of the batch", () => {
    const rateKind = defineJobKind({
      type: 'rate',
      lane: 'test',
      payload: z.object({ room: z.string(), rate: z.number().positive() }),
      summarize: ({ room, rate }) => `${room} → ${rate}`,
      noun: ['rate', 'rates'],
    });
    const db = openStore({ path: ':memory:' });
    const queue = createQueue({ db, logger: silentLogger, lanes: [{ name: 'test', concurrency: 1 }], workers: [workerFor(rateKind, async () => null)] });
    const refusal = (() => {
      try {
        queue.enqueue([newJob(rateKind, { room: 'Single', rate: 90 }), newJob(rateKind, { room: 'Double', rate: -5 })]);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(EnqueueError);
    expect(refusal).toMatchObject({ kind: 'validation', field: 'rate', message: expect.stringContaining('rate: Too small') });
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 0 });
    // A payload it takes is stored with the kind's summary.
    const [ok] = queue.enqueue(newJob(rateKind, { room: 'Single', rate: 90 }));
    expect(db.prepare('SELECT type, lane, summary FROM jobs WHERE id = ?').get(ok!.id)).toEqual({ type: 'rate', lane: 'test', summary: 'Single → 90' });
    db.close();
  });

  it('wakes the lane at once: a job enqueued on a started queue runs without any timer firing', async () => {
    const seen: unknown[] = [];
    fixture = makeQueue({ record: async (payload) => seen.push(payload) });
    fixture.queue.start();
    const [result] = fixture.enqueue({ lane: 'test', type: 'record', payload: { hello: 'desk' } });
    await settle();
    expect(seen).toEqual([{ hello: 'desk' }]);
    expect(fixture.row(result!.id).status).toBe('done');
  });

  it('does not run a delayed job before its time, and runs it when the time comes', async () => {
    const seen: number[] = [];
    fixture = makeQueue({ record: async () => seen.push(fixture.clock.now()) });
    fixture.queue.start();
    const runAt = fixture.clock.now() + 60_000;
    fixture.enqueue({ lane: 'test', type: 'record', payload: null, runAt });
    await fixture.clock.advance(59_000);
    expect(seen).toEqual([]);
    await fixture.clock.advance(2_000);
    expect(seen).toEqual([runAt]);
  });

  it("sends a person's action before background sync", async () => {
    const order: string[] = [];
    fixture = makeQueue({ record: async (payload) => order.push(payload as string) });
    fixture.enqueue([
      { lane: 'test', type: 'record', payload: 'background-1', priority: 0 },
      { lane: 'test', type: 'record', payload: 'background-2', priority: 0 },
      { lane: 'test', type: 'record', payload: 'person', priority: 100 },
    ]);
    fixture.queue.start();
    await settle();
    expect(order).toEqual(['person', 'background-1', 'background-2']);
  });

  it('coalesces: five edits of one cell while paused send one value, the last', async () => {
    const sent: unknown[] = [];
    fixture = makeQueue({ push: async (payload) => sent.push(payload) });
    fixture.queue.start();
    fixture.queue.pause('test');
    for (const rate of [100, 110, 120, 130, 140]) {
      fixture.enqueue({ lane: 'test', type: 'push', payload: { rate }, coalesceKey: 'rate:deluxe:2026-12-01' });
    }
    fixture.queue.resume('test');
    await settle();
    expect(sent).toEqual([{ rate: 140 }]);
    const rows = fixture.db.prepare('SELECT status, superseded_by FROM jobs ORDER BY id').all() as {
      status: string;
      superseded_by: number | null;
    }[];
    expect(rows.map((row) => row.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled', 'done']);
    expect(rows.slice(0, 4).every((row) => row.superseded_by !== null)).toBe(true);
  });

  it('emits job/changed for every change, and a throwing listener breaks nothing', async () => {
    fixture = makeQueue({ noop });
    const statuses: string[] = [];
    fixture.queue.events.on('job/changed', () => {
      throw new Error('a listener bug');
    });
    fixture.queue.events.on('job/changed', (job) => statuses.push(job.status));
    fixture.queue.start();
    const [result] = fixture.enqueue({ lane: 'test', type: 'noop', payload: null });
    await settle();
    expect(statuses).toEqual(['queued', 'sending', 'done']);
    expect(fixture.row(result!.id).status).toBe('done');
  });

  it('keeps no timer but its sweep when nothing is due', async () => {
    fixture = makeQueue({ noop });
    fixture.queue.start();
    fixture.enqueue({ lane: 'test', type: 'noop', payload: null });
    await settle();
    expect(fixture.clock.pendingTimers).toBe(1);
  });
});
