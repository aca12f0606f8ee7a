import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName } from '../../shared/contract.js';
import { createCore, type Core } from '../core.js';
import { silentLogger } from '../logger.js';
import { RemoteError } from '../queue/remote-error.js';
import { settle } from '../testing/manual-clock.js';
import { callChecked } from '../testing/contract-call.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { testKind } from '../testing/queue-fixture.js';
import { newJob, workerFor } from '../queue/job-kind.js';

const PUSH = testKind('test/push', 'cloudbeds');
const CHANNEL_PUSH = testKind('test/channel-push', 'beds24');
let dir: ReturnType<typeof makeTempDir>;
let core: Core;

beforeEach(async () => {
  dir = makeTempDir();
  core = createCore({
    dataDir: dir.path,
    logger: silentLogger,
    lanes: [
      { name: 'cloudbeds', concurrency: 1 },
      { name: 'beds24', concurrency: 1 },
    ],
    workers: [
      workerFor(PUSH, async (payload) => {
        if ((payload as { rate: number }).rate < 0) throw new RemoteError('validation', 'Rate must not be negative');
        return { jobReferenceID: 'ref-1' };
      }),
      workerFor(CHANNEL_PUSH, async () => ({ ok: true })),
    ],
  });
  await core.start();
});
afterEach(async () => {
  await core.stop();
  dir.remove();
});

/** Calls through the boundary and checks the result against the contract's own schema. */
const call = <K extends CallName>(name: K, args: unknown) => callChecked(core, name, args);

const snapshot = () => JSON.stringify([core.db.prepare('SELECT * FROM jobs ORDER BY id').all(), core.db.prepare('SELECT * FROM lanes').all()]);

async function seedJobs() {
  core.queue.enqueue([
    newJob(PUSH, { room: 'Deluxe', rate: 120 }),
    newJob(PUSH, { room: 'Suite', rate: -5 }),
    newJob(CHANNEL_PUSH, { room: 'Deluxe', rate: 130 }),
  ]);
  await settle();
}

describe('bad input', () => {
  const cases: [CallName, unknown, string][] = [
    ['jobs/list', { limit: 'ten' }, 'limit'],
    ['jobs/list', { limit: 501 }, 'limit'],
    ['jobs/list', { filter: { status: ['lost'] } }, 'filter.status.0'],
    ['jobs/list', { filter: { text: 'x'.repeat(201) } }, 'filter.text'],
    ['jobs/list', { filter: { from: 'yesterday' } }, 'filter.from'],
    ['jobs/list', { cursor: 'abc' }, 'cursor'],
    ['jobs/list', { sort: 'asc' }, 'sort'],
    ['jobs/get', { id: '1' }, 'id'],
    ['jobs/get', { id: 1.5 }, 'id'],
    ['jobs/get', {}, 'id'],
    ['jobs/retry', { id: -1 }, 'id'],
    ['jobs/retry-all', { filter: { status: ['failed'] } }, 'filter.status'],
    ['jobs/discard', { id: 1 }, 'reason'],
    ['jobs/discard', { id: 1, reason: '   ' }, 'reason'],
    ['jobs/discard', { id: 1, reason: 'r'.repeat(501) }, 'reason'],
    ['sync/status', { verbose: true }, 'verbose'],
    ['sync/pause', { lane: 'Cloud Beds!' }, 'lane'],
    ['sync/resume', { lane: 7 }, 'lane'],
  ];

  it.each(cases)('%s rejects %j naming the field, and changes nothing', async (name, args, field) => {
    await seedJobs();
    const before = snapshot();
    const outcome = await call(name, args);
    expect(outcome).toEqual({ ok: false, error: { code: 'invalid_argument', message: expect.stringContaining(field), field } });
    expect(snapshot()).toBe(before);
  });

  it('refuses a call that does not exist', async () => {
    expect(await core.invoke('jobs/explode', {})).toEqual({
      ok: false,
      error: { code: 'unknown_call', message: 'There is no call named "jobs/explode"' },
    });
  });

  it.each(['jobs/get', 'jobs/retry'] as const)('%s of an unknown id answers not_found and changes nothing', async (name) => {
    await seedJobs();
    const before = snapshot();
    expect(await call(name, { id: 9999 })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'Job 9999 does not exist', field: 'id' },
    });
    expect(snapshot()).toBe(before);
  });

  it('refuses to discard an unknown job or a done one, and to pause an unknown lane', async () => {
    await seedJobs();
    const before = snapshot();
    expect(await call('jobs/discard', { id: 9999, reason: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found', field: 'id' } });
    expect(await call('jobs/discard', { id: 1, reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Job 1 is done; only a queued or failed job can be discarded', field: 'id' },
    });
    expect(await call('jobs/retry', { id: 1 })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'id' } });
    expect(await call('sync/pause', { lane: 'stays' })).toMatchObject({ ok: false, error: { code: 'not_found', field: 'lane' } });
    expect(snapshot()).toBe(before);
  });
});

describe('jobs calls', () => {
  it('lists newest first with filters and pages through with a cursor', async () => {
    await seedJobs();
    const first = await call('jobs/list', { limit: 2 });
    expect(first.ok && first.data.items.map((job) => job.id)).toEqual([3, 2]);
    const cursor = first.ok ? first.data.nextCursor : null;
    expect(cursor).toBe('2');
    const second = await call('jobs/list', { limit: 2, cursor: cursor! });
    expect(second.ok && second.data).toMatchObject({ items: [{ id: 1 }], nextCursor: null });
    const failed = await call('jobs/list', { filter: { status: ['failed'] } });
    expect(failed.ok && failed.data.items.map((job) => [job.id, job.lastError])).toEqual([[2, 'Rate must not be negative']]);
    const text = await call('jobs/list', { filter: { text: 'deluxe', lane: ['beds24'] } });
    expect(text.ok && text.data.items.map((job) => job.id)).toEqual([3]);
    const future = await call('jobs/list', { filter: { from: '2999-01-01T00:00:00Z' } });
    expect(future.ok && future.data.items).toEqual([]);
  });

  it('gets a job with its payload, result and attempt timeline', async () => {
    await seedJobs();
    const outcome = await call('jobs/get', { id: 1 });
    expect(outcome.ok && outcome.data).toMatchObject({
      id: 1,
      status: 'done',
      payload: { room: 'Deluxe', rate: 120 },
      result: { jobReferenceID: 'ref-1' },
      attemptHistory: [{ outcome: 'done' }],
      waitingFor: null,
    });
  });

  it('retries, retries all and discards failed jobs, pushing job/changed for each', async () => {
    await seedJobs();
    const seen: string[] = [];
    core.events.on('job/changed', (job) => seen.push(`${job.id}:${job.status}`));
    expect(await call('jobs/retry', { id: 2 })).toMatchObject({ ok: true, data: { id: 2, status: 'queued', attempts: 0 } });
    await settle();
    expect(seen).toEqual(['2:queued', '2:sending', '2:failed']);
    expect(await call('jobs/retry-all', { filter: { lane: ['cloudbeds'] } })).toEqual({ ok: true, data: { count: 1 } });
    await settle();
    expect(await call('jobs/discard', { id: 2, reason: 'Negative rate typed by mistake' })).toMatchObject({
      ok: true,
      data: { status: 'cancelled', discardReason: 'Negative rate typed by mistake' },
    });
  });
});

describe('sync calls', () => {
  it('pauses and resumes a lane and all sync, pushing sync/changed', async () => {
    const pushed: boolean[] = [];
    core.events.on('sync/changed', (status) => pushed.push(status.paused));
    const paused = await call('sync/pause', { lane: 'beds24' });
    expect(paused.ok && paused.data.lanes.find((lane) => lane.lane === 'beds24')?.state).toBe('paused');
    expect(await call('sync/pause', {})).toMatchObject({ ok: true, data: { paused: true } });
    expect(await call('sync/resume', {})).toMatchObject({ ok: true, data: { paused: false } });
    const resumed = await call('sync/resume', { lane: 'beds24' });
    expect(resumed.ok && resumed.data.lanes.map((lane) => lane.state)).toEqual(['online', 'online']);
    expect(pushed).toEqual([false, true, false, false]);
  });
});
