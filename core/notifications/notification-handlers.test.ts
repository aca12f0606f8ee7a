import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName, Notification } from '../../shared/contract.js';
import { createCore, type Core } from '../core.js';
import { silentLogger } from '../logger.js';
import { RemoteError } from '../queue/remote-error.js';
import { settle } from '../testing/manual-clock.js';
import { callChecked } from '../testing/contract-call.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { testKind } from '../testing/queue-fixture.js';
import { newJob, workerFor } from '../queue/job-kind.js';

const PUSH = testKind('test/push', 'cloudbeds', ['rate update', 'rate updates']);
let dir: ReturnType<typeof makeTempDir>;
let core: Core;

beforeEach(async () => {
  dir = makeTempDir();
  core = createCore({
    dataDir: dir.path,
    logger: silentLogger,
    lanes: [{ name: 'cloudbeds', concurrency: 1 }],
    // A zero window: every failure is its own notification, so the list has several rows.
    notificationGroupWindowMs: 0,
    workers: [
      workerFor(PUSH, async (payload) => {
        throw new RemoteError('validation', `Rate ${(payload as { rate: number }).rate} is below the minimum`);
      }),
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

async function failThree(): Promise<Notification[]> {
  const heard: Notification[] = [];
  const stop = core.events.on('notification/new', (notification) => heard.push(notification));
  for (const rate of [10, 20, 30]) {
    core.queue.enqueue(newJob(PUSH, { rate }));
    await waitFor(() => heard.length === [10, 20, 30].indexOf(rate) + 1);
  }
  stop();
  return heard;
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i += 1) await settle(1);
  expect(condition()).toBe(true);
}

const snapshot = () => JSON.stringify(core.db.prepare('SELECT * FROM notifications ORDER BY id').all());

describe('notifications/list', () => {
  it('lists newest first with the unread count, and only unread ones when asked', async () => {
    const heard = await failThree();
    const all = await call('notifications/list', {});
    expect(all).toMatchObject({ ok: true, data: { unread: 3 } });
    const items = (all as { data: { items: Notification[] } }).data.items;
    expect(items.map((item) => item.id)).toEqual(heard.map((item) => item.id).reverse());
    expect(items[0]).toMatchObject({ type: 'ERROR', title: 'Rate update failed: Rate 30 is below the minimum', read: false, screen: 'failed' });

    await call('notifications/mark-read', { ids: [items[0]!.id] });
    const unread = await call('notifications/list', { unreadOnly: true, limit: 1 });
    expect(unread).toMatchObject({ ok: true, data: { unread: 2, items: [{ id: items[1]!.id }] } });
  });
});

describe('notifications/mark-read', () => {
  it('marks some read, then all, and tells the renderer the unread count each time', async () => {
    const heard = await failThree();
    const told: number[] = [];
    core.events.on('notifications/read', ({ unread }) => told.push(unread));

    expect(await call('notifications/mark-read', { ids: [heard[0]!.id, heard[1]!.id] })).toEqual({ ok: true, data: { unread: 1 } });
    expect(await call('notifications/mark-read', { all: true })).toEqual({ ok: true, data: { unread: 0 } });
    expect(told).toEqual([1, 0]);
    const rows = core.db.prepare('SELECT read FROM notifications').all() as { read: number }[];
    expect(rows.every((row) => row.read === 1)).toBe(true);
  });

  it('refuses an unknown id by name and marks none of the others', async () => {
    const heard = await failThree();
    const before = snapshot();
    const outcome = await call('notifications/mark-read', { ids: [heard[0]!.id, 999_999] });
    expect(outcome).toEqual({ ok: false, error: { code: 'not_found', message: 'Notification 999999 does not exist', field: 'ids.1' } });
    expect(snapshot()).toBe(before);
  });
});

describe('bad input changes nothing and names the field', () => {
  const cases: [CallName, unknown, string][] = [
    ['notifications/list', { unreadOnly: 'yes' }, 'unreadOnly'],
    ['notifications/list', { limit: 0 }, 'limit'],
    ['notifications/list', { limit: 201 }, 'limit'],
    ['notifications/list', { limit: 2.5 }, 'limit'],
    ['notifications/list', { newest: true }, 'newest'],
    ['notifications/mark-read', { ids: [] }, 'ids'],
    ['notifications/mark-read', { ids: ['1'] }, 'ids.0'],
    ['notifications/mark-read', { ids: [-1] }, 'ids.0'],
    ['notifications/mark-read', { ids: 3 }, 'ids'],
    ['notifications/mark-read', { all: false }, 'all'],
    ['notifications/mark-read', {}, 'ids'],
    ['notifications/mark-read', { ids: [1], all: true }, 'ids'],
    ['notifications/mark-read', { ids: [1], everything: true }, 'everything'],
  ];

  it.each(cases)('%s %j is refused at %s', async (name, args, field) => {
    await failThree();
    const before = snapshot();
    const outcome = await call(name, args);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_argument', field } });
    expect((outcome as { error: { message: string } }).error.message).toMatch(new RegExp(`^${field.replace('.', '\\.')}: `));
    expect(snapshot()).toBe(before);
  });
});
