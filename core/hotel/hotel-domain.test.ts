import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calls, events, type CallOutcome, type HotelDetails } from '../../shared/contract.js';
import { startDemo, type Demo } from '../../demo/demo.js';
import { createControlClient } from '../../sandbox/control-client.js';
import { TEST_DAY } from '../../sandbox/testing.js';
import { createCore, type Core, type CoreOptions } from '../core.js';
import { silentLogger } from '../logger.js';
import { ManualClock } from '../testing/manual-clock.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { untilEvent } from '../testing/until-event.js';

/** 09:00 UTC on the sandbox's day; Lisbon is on UTC in November, so the daily run is at 04:40 UTC tomorrow. */
const START = Date.UTC(2026, 10, 23, 9, 0);
const TEST_LIMIT = { requests: 10_000, windowMs: 1_000 };

let demo: Demo;
let dir: ReturnType<typeof makeTempDir>;
let clock: ManualClock;
const cores: Core[] = [];

async function startCore(options: Partial<CoreOptions> = {}): Promise<Core> {
  const core = createCore({
    dataDir: dir.path,
    logger: silentLogger,
    stopGraceMs: 200,
    clock,
    timeZone: 'Europe/Lisbon',
    connections: demo.connections,
    lanes: [{ name: 'cloudbeds', concurrency: 1, limit: TEST_LIMIT }],
    // Channel sync reads Cloudbeds' reservations every 5 minutes: these tests count the hotel's requests alone.
    channel: { pollCron: null },
    ...options,
  });
  cores.push(core);
  await core.start();
  return core;
}

async function details(core: Core): Promise<HotelDetails> {
  const outcome = (await core.invoke('hotel/details', {})) as CallOutcome<'hotel/details'>;
  if (!outcome.ok) throw new Error(`hotel/details refused: ${JSON.stringify(outcome.error)}`);
  return calls['hotel/details'].result.parse(outcome.data);
}

const fetchJobs = (core: Core) =>
  core.db.prepare("SELECT status, idempotency_key AS key, json_extract(payload, '$.requestedBy') AS requestedBy FROM jobs WHERE type = 'hotel/details' ORDER BY id").all() as {
    status: string;
    key: string | null;
    requestedBy: string;
  }[];
const hotelRequests = async () => (await createControlClient(demo.sandbox.url, demo.sandbox.controlToken).counters()).cloudbeds.requests;

/** The first look, and its fetch from Cloudbeds done. */
async function firstLook(core: Core): Promise<void> {
  await details(core);
  await untilEvent(core, 'the first fetch done', () => fetchJobs(core)[0]?.status === 'done');
}

beforeEach(async () => {
  clock = new ManualClock(START);
  dir = makeTempDir();
  demo = await startDemo({ today: TEST_DAY });
  await createControlClient(demo.sandbox.url, demo.sandbox.controlToken).limit('cloudbeds', { limit: TEST_LIMIT.requests, windowMs: TEST_LIMIT.windowMs });
});

afterEach(async () => {
  for (const core of cores.splice(0)) await core.stop();
  await demo.close();
  dir.remove();
});

const SANDBOX_HOTEL: Omit<HotelDetails, 'fetchedAt'> = {
  name: 'Harbour Light Hotel',
  currency: { code: 'EUR', symbol: '€', position: 'after', decimalSeparator: ',', thousandsSeparator: '.' },
  timeZone: 'Europe/Lisbon',
};

describe("the hotel's details", () => {
  it('are unknown until the first look queues one fetch from Cloudbeds, which stores them and tells hotel/changed', async () => {
    const core = await startCore();
    const heard: HotelDetails[] = [];
    core.events.on('hotel/changed', (payload) => heard.push(payload));
    expect(await details(core)).toEqual({ name: null, currency: null, timeZone: 'Europe/Lisbon', fetchedAt: null });
    // Looking again while the fetch is on its way queues nothing more.
    await details(core);
    const told = await untilEvent(core, 'hotel/changed', () => heard[0]);
    expect(told).toEqual({ ...SANDBOX_HOTEL, fetchedAt: new Date(START).toISOString() });
    expect(events['hotel/changed'].safeParse(told).success).toBe(true);
    expect(await details(core)).toEqual(told);
    await untilEvent(core, 'the fetch done', () => fetchJobs(core)[0]?.status === 'done');
    expect(fetchJobs(core)).toEqual([{ status: 'done', key: 'hotel/details:first-look', requestedBy: 'first-look' }]);
    expect(await hotelRequests()).toBe(1);
  });

  it('are kept in SQLite: a restart shows them at once and asks Cloudbeds nothing, the first fetch long forgotten', async () => {
    const first = await startCore();
    await firstLook(first);
    // Retention prunes finished jobs: the first look's key is gone with its job.
    first.db.prepare("DELETE FROM jobs WHERE type = 'hotel/details'").run();
    await first.stop();
    const second = await startCore();
    expect(await details(second)).toEqual({ ...SANDBOX_HOTEL, fetchedAt: new Date(START).toISOString() });
    expect(fetchJobs(second)).toEqual([]);
    expect(await hotelRequests()).toBe(1);
  });

  it("are fetched again daily at 04:40 on the hotel's clock; a fetch that finds them unchanged tells no one, a rename is told", async () => {
    const core = await startCore();
    await firstLook(core);
    expect(core.scheduler.list().find((schedule) => schedule.name === 'hotel-details')).toMatchObject({
      cron: '40 4 * * *',
      nextRunAt: '2026-11-24T04:40:00.000Z',
    });
    const heard: HotelDetails[] = [];
    core.events.on('hotel/changed', (payload) => heard.push(payload));

    await clock.advance(Date.UTC(2026, 10, 24, 4, 40) - START);
    await untilEvent(core, 'the daily fetch', () => fetchJobs(core)[1]?.status === 'done');
    expect(fetchJobs(core)[1]).toMatchObject({ requestedBy: 'schedule', key: `schedule:hotel-details:${Date.UTC(2026, 10, 24, 4, 40)}` });
    expect(heard).toEqual([]);
    expect((await details(core)).fetchedAt).toBe('2026-11-24T04:40:00.000Z');

    demo.sandbox.hotel().name = 'Harbour Light Boutique Hotel';
    await clock.advance(24 * 3_600_000);
    const renamed = await untilEvent(core, 'the rename told', () => heard[0]);
    expect(renamed).toMatchObject({ name: 'Harbour Light Boutique Hotel', currency: SANDBOX_HOTEL.currency, fetchedAt: '2026-11-25T04:40:00.000Z' });
    expect(await hotelRequests()).toBe(3);
  });

  it('wait for sign-in while Cloudbeds is not connected, and are never fetched by a core without its lane', async () => {
    const unconnected = await startCore({ connections: {} });
    await details(unconnected);
    await untilEvent(unconnected, 'the lane asking for sign-in', () => unconnected.queue.status().lanes[0]!.state === 'needs_sign_in');
    await untilEvent(unconnected, 'the fetch back in the queue', () => fetchJobs(unconnected)[0]?.status === 'queued');
    expect(fetchJobs(unconnected)).toEqual([{ status: 'queued', key: 'hotel/details:first-look', requestedBy: 'first-look' }]);
    expect(unconnected.db.prepare("SELECT last_error FROM jobs WHERE type = 'hotel/details'").pluck().get()).toBe(
      'Cloudbeds is not connected: add its credentials in Settings',
    );
    await unconnected.stop();

    const elsewhere = makeTempDir();
    const laneless = createCore({ dataDir: elsewhere.path, logger: silentLogger, clock, lanes: [{ name: 'stays', concurrency: 1 }] });
    try {
      await laneless.start();
      expect(await details(laneless)).toMatchObject({ name: null, timeZone: 'UTC' });
      expect(fetchJobs(laneless)).toEqual([]);
      expect(laneless.scheduler.list().map((schedule) => schedule.name)).not.toContain('hotel-details');
    } finally {
      await laneless.stop();
      elsewhere.remove();
    }
  });
});
