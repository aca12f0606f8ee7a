import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Effect } from '../../sandbox/ledger.js';
import { createCore } from '../core.js';
import { silentLogger } from '../logger.js';
import { day, startRatesCore, until, type RatesFixture } from './rates-test-fixture.js';

let fixture: RatesFixture;
let roomTypes: number[];

beforeEach(async () => {
  fixture = await startRatesCore();
  roomTypes = await fixture.roomTypeIds();
});
afterEach(() => fixture.dispose());

const pushJobs = () =>
  fixture.core.db.prepare(`SELECT id, status, result, last_error FROM jobs WHERE type = 'rates/push' ORDER BY id`).all() as {
    id: number;
    status: string;
    result: string | null;
    last_error: string | null;
  }[];
const rateEffects = async () =>
  (await fixture.control.effects({ api: 'cloudbeds', kind: 'rate' })) as (Effect & { data: { rateID: string; date: string; rate: number; blocked: boolean; jobReferenceID: string } })[];
const rateIdOf = (roomTypeId: number) => fixture.sandbox.hotel().roomTypes.find((type) => type.id === roomTypeId)!.rateId;
const allDone = () => (pushJobs().every((job) => job.status === 'done' || job.status === 'cancelled') ? true : undefined);

describe('rates/push', () => {
  it('delivers submitted cells to Cloudbeds and marks them synced once its rate job completes', async () => {
    const heard: string[] = [];
    fixture.core.events.on('rates/changed', ({ cells }) => heard.push(...cells.map((cell) => `${cell.date}:${cell.state}`)));
    const submitted = await fixture.ok('rates/submit', { changes: [{ roomTypeId: roomTypes[1]!, date: day(3), rate: 99.5 }] });
    expect(submitted.cells[0]!.state).toBe('saved');
    await until(fixture.core, 'the cell synced and its push done', async () =>
      (await fixture.cell(roomTypes[1]!, day(3))).state === 'synced' && allDone() ? true : undefined,
    );
    expect(await fixture.cell(roomTypes[1]!, day(3))).toMatchObject({ rate: 99.5, error: null, jobId: submitted.jobIds[0] });
    expect(fixture.sandbox.hotel().rates.get(rateIdOf(roomTypes[1]!))!.get(day(3))).toBe(99.5);
    expect(heard).toEqual([`${day(3)}:saved`, `${day(3)}:synced`]);
    expect(pushJobs()[0]!.status).toBe('done');
  });

  it('closes and opens sales at Cloudbeds (putRate blocked), and the cells say so once it has applied them', async () => {
    const roomTypeId = roomTypes[1]!;
    const nights = [day(20), day(21), day(22)].map((date) => ({ roomTypeId, date }));
    const closing = await fixture.ok('rates/stop-sell', { cells: nights, closed: true });
    expect(closing.jobIds).toHaveLength(1);
    await until(fixture.core, 'the closed nights synced', async () =>
      (await Promise.all(nights.map((night) => fixture.cell(roomTypeId, night.date)))).every((cell) => cell.state === 'synced' && cell.closed) ? true : undefined,
    );
    const written = await rateEffects();
    // Each night closed at the rate it had: the grid's, which is Cloudbeds' own.
    const rates = await Promise.all(nights.map(async (night) => (await fixture.cell(roomTypeId, night.date)).rate));
    expect(written.map((effect) => [effect.data.date, effect.data.blocked, effect.data.rate])).toEqual(nights.map((night, n) => [night.date, true, rates[n]]));
    expect(rates.map((rate, n) => rate === fixture.sandbox.hotel().rates.get(rateIdOf(roomTypeId))!.get(nights[n]!.date))).toEqual([true, true, true]);

    await fixture.ok('rates/stop-sell', { cells: [nights[1]!], closed: false });
    await until(fixture.core, 'the reopened night synced', async () => {
      const cell = await fixture.cell(roomTypeId, day(21));
      return cell.state === 'synced' && !cell.closed ? true : undefined;
    });
    expect((await rateEffects()).slice(3).map((effect) => [effect.data.date, effect.data.blocked])).toEqual([[day(21), false]]);
    expect(await fixture.cell(roomTypeId, day(20))).toMatchObject({ closed: true, byHand: false });
  });

  it('sends N intervals in ⌈N/30⌉ requests, packing room types together', async () => {
    // 70 one-night intervals (the rate alternates) of one room type, then 3 × 20 across three.
    // (Not the base room type: the others would follow it, each with its own intervals.)
    const alternating = (roomTypeId: number, nights: number) =>
      Array.from({ length: nights }, (_, n) => ({ roomTypeId, date: day(1 + n), rate: 150 + (n % 2) }));
    const first = await fixture.ok('rates/submit', { changes: alternating(roomTypes[1]!, 70) });
    expect(first.jobIds).toHaveLength(3);
    const second = await fixture.ok('rates/submit', { changes: roomTypes.slice(2, 5).flatMap((id) => alternating(id, 20)) });
    expect(second.jobIds).toHaveLength(2);
    await until(fixture.core, 'every push done', allDone, 15_000);
    const requests = new Set((await rateEffects()).map((effect) => effect.data.jobReferenceID));
    expect(requests.size).toBe(3 + 2);
    expect((await rateEffects()).length).toBe(70 + 60);
  });

  it('fails only the cell whose value Cloudbeds refuses, with its message, and syncs it on retry once fixed', async () => {
    await fixture.control.faults('cloudbeds', { rejectValues: ['187.25'] });
    const [a, b] = roomTypes as [number, number];
    const submitted = await fixture.ok('rates/submit', {
      changes: [
        { roomTypeId: a, date: day(5), rate: 150 },
        { roomTypeId: a, date: day(6), rate: 187.25 },
        { roomTypeId: b, date: day(5), rate: 160 },
      ],
    });
    expect(submitted.jobIds).toHaveLength(1);
    const refused = await until(fixture.core, 'the refused cell', async () => {
      const cell = await fixture.cell(a, day(6));
      return cell.state === 'failed' ? cell : undefined;
    });
    expect(refused.error).toMatch(/Invalid value "187.25"/);
    await until(fixture.core, 'the other cells synced', async () =>
      (await fixture.cell(a, day(5))).state === 'synced' && (await fixture.cell(b, day(5))).state === 'synced' ? true : undefined,
    );
    const failedJob = pushJobs().find((job) => job.id === submitted.jobIds[0])!;
    expect(failedJob.status).toBe('failed');

    await fixture.control.clearFaults();
    expect(await fixture.call('jobs/retry', { id: failedJob.id })).toMatchObject({ ok: true });
    // Back to saved as soon as the retry is queued, before anything is sent.
    expect(await fixture.cell(a, day(6))).toMatchObject({ state: 'saved', error: null, jobId: failedJob.id });
    await until(fixture.core, 'the retried cell synced', async () => ((await fixture.cell(a, day(6))).state === 'synced' ? true : undefined));
    expect((await rateEffects()).filter((effect) => effect.data.rate === 187.25)).toHaveLength(1);
  });

  it('fails just the nights whose update Cloudbeds reports as an error, and completes the push', async () => {
    const [a, b] = roomTypes as [number, number];
    // Point one room type at a derived plan: Cloudbeds accepts the request, then errors that update.
    fixture.core.db.prepare('UPDATE room_types SET rate_id = rate_id + 10000 WHERE id = ?').run(b);
    await fixture.ok('rates/submit', { changes: [{ roomTypeId: a, date: day(8), rate: 140 }, { roomTypeId: b, date: day(8), rate: 141 }] });
    await until(fixture.core, 'every push done', allDone);
    expect(await fixture.cell(a, day(8))).toMatchObject({ state: 'synced' });
    expect(await fixture.cell(b, day(8))).toMatchObject({ state: 'failed', error: expect.stringMatching(/Derived rates are rejected/) });
  });

  it('sends one value, the last, for a cell edited five times while the lane was paused', async () => {
    const roomTypeId = roomTypes[1]!;
    fixture.core.queue.pause('cloudbeds');
    for (const rate of [101, 102, 103, 104, 105]) await fixture.ok('rates/submit', { changes: [{ roomTypeId, date: day(10), rate }] });
    fixture.core.queue.resume('cloudbeds');
    await until(fixture.core, 'every push done', allDone);
    expect(await fixture.cell(roomTypeId, day(10))).toMatchObject({ rate: 105, state: 'synced' });
    const sent = (await rateEffects()).filter((effect) => effect.data.date === day(10));
    expect(sent.map((effect) => effect.data.rate)).toEqual([105]);
    // The four superseded pushes were cancelled when the next edit took their cell, never run.
    const jobs = fixture.core.db.prepare(`SELECT status, superseded_by, result FROM jobs WHERE type = 'rates/push' ORDER BY id`).all() as {
      status: string;
      superseded_by: number | null;
      result: string | null;
    }[];
    expect(jobs.map((job) => job.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled', 'done']);
    expect(jobs.slice(0, 4).every((job) => job.superseded_by !== null && job.result === null)).toBe(true);
    expect(JSON.parse(jobs[4]!.result!).requests).toBe(1);
  });

  it('asks again after a few failed status polls, without failing the attempt or sending the rates a second time', async () => {
    await fixture.dispose();
    fixture = await startRatesCore({ ratePollIntervalMs: 10 });
    const roomTypeId = (await fixture.roomTypeIds())[1]!;
    // Three status polls fail: the rates were taken, only reading them back fails.
    await fixture.control.faults('cloudbeds', { burst5xx: { count: 3, pathContains: 'getRateJobs' } });
    await fixture.ok('rates/submit', { changes: [{ roomTypeId, date: day(12), rate: 131 }] });
    await until(fixture.core, 'the push synced', async () => (allDone() && (await fixture.cell(roomTypeId, day(12))).state === 'synced' ? true : undefined));
    expect((await fixture.control.counters()).cloudbeds.injectedFaults).toBe(3);
    expect((await rateEffects()).filter((effect) => effect.data.date === day(12))).toHaveLength(1);
    expect((await fixture.control.counters()).cloudbeds.duplicates).toBe(0);
    const job = fixture.core.db.prepare(`SELECT attempts, result FROM jobs WHERE type = 'rates/push'`).get() as { attempts: number; result: string };
    expect(job.attempts).toBe(1);
    expect(JSON.parse(job.result)).toMatchObject({ requests: 1 });
    expect(fixture.core.db.prepare('SELECT COUNT(*) AS n FROM rate_push_sent').get()).toEqual({ n: 0 });
  });

  it('after a restart, follows a push whose Cloudbeds job reference was stored instead of sending it again', async () => {
    await fixture.dispose();
    fixture = await startRatesCore({ ratePollIntervalMs: 10, ratePollTimeoutMs: 100 });
    const roomTypeId = (await fixture.roomTypeIds())[1]!;
    await fixture.control.faults('cloudbeds', { burst5xx: { count: 1_000, pathContains: 'getRateJobs' } });
    await fixture.ok('rates/submit', { changes: [{ roomTypeId, date: day(14), rate: 142 }] });
    // The attempt ends with its polls still failing: the push waits to be retried, its reference kept.
    await until(fixture.core, 'the first attempt ended', () => (pushJobs()[0]?.status === 'queued' && pushJobs()[0]?.last_error ? true : undefined));
    await fixture.core.stop();
    expect(fixture.core.db.open).toBe(false);
    await fixture.control.clearFaults();

    const again = createCore({ dataDir: fixture.dir.path, logger: silentLogger, connections: fixture.connections, ratePollIntervalMs: 10 });
    try {
      const settled = until(again, 'the push done after the restart', () =>
        again.db.prepare(`SELECT status FROM jobs WHERE type = 'rates/push'`).pluck().get() === 'done' ? true : undefined,
      );
      await again.start();
      await settled;
      expect((await rateEffects()).filter((effect) => effect.data.date === day(14))).toHaveLength(1);
      // Sent once: a second putRate of the same rate would count as a duplicate at Cloudbeds.
      expect((await fixture.control.counters()).cloudbeds.duplicates).toBe(0);
      expect(again.db.prepare('SELECT state, rate FROM rate_cells WHERE date = ?').get(day(14))).toEqual({ state: 'synced', rate: 142 });
    } finally {
      await again.stop();
    }
  }, 15_000);

  it('takes a failed push out of Failed as superseded when its cells are typed again and sent, never as Done', async () => {
    await fixture.control.faults('cloudbeds', { rejectValues: ['187.25'] });
    const [a] = roomTypes as [number];
    const first = await fixture.ok('rates/submit', { changes: [{ roomTypeId: a, date: day(6), rate: 187.25 }] });
    await until(fixture.core, 'the push failed', () => (pushJobs()[0]?.status === 'failed' ? true : undefined));
    await fixture.control.clearFaults();
    const second = await fixture.ok('rates/submit', { changes: [{ roomTypeId: a, date: day(6), rate: 178 }] });
    const old = fixture.core.db.prepare('SELECT status, superseded_by FROM jobs WHERE id = ?').get(first.jobIds[0]);
    expect(old).toEqual({ status: 'cancelled', superseded_by: second.jobIds[0] });
    expect(await fixture.ok('jobs/list', { filter: { status: ['failed'] } })).toMatchObject({ items: [] });
    await until(fixture.core, 'the new value synced', async () => ((await fixture.cell(a, day(6))).state === 'synced' ? true : undefined));
    expect(await fixture.cell(a, day(6))).toMatchObject({ rate: 178, jobId: second.jobIds[0] });
  });

  it('puts a discarded push’s cells back to what Cloudbeds has: the rate it confirmed, or the base rate', async () => {
    const [a] = roomTypes as [number];
    const baseBefore = (await fixture.cell(a, day(9))).rate;
    await fixture.ok('rates/submit', { changes: [{ roomTypeId: a, date: day(8), rate: 150 }] });
    await until(fixture.core, 'the first value synced', async () => ((await fixture.cell(a, day(8))).state === 'synced' ? true : undefined));
    await fixture.control.faults('cloudbeds', { rejectValues: ['187.25'] });
    const refused = await fixture.ok('rates/submit', {
      changes: [
        { roomTypeId: a, date: day(8), rate: 187.25 },
        { roomTypeId: a, date: day(9), rate: 187.25 },
      ],
    });
    await until(fixture.core, 'the push failed', async () => ((await fixture.cell(a, day(9))).state === 'failed' ? true : undefined));
    const reloads: number[] = [];
    fixture.core.events.on('rates/changed', ({ cells }) => cells.length === 0 && reloads.push(1));
    expect(await fixture.call('jobs/discard', { id: refused.jobIds[0], reason: 'Typed by mistake' })).toMatchObject({ ok: true });
    expect(await fixture.cell(a, day(8))).toMatchObject({ rate: 150, state: 'synced', error: null });
    expect(await fixture.cell(a, day(9))).toMatchObject({ rate: baseBefore, state: 'default' });
    expect(reloads).toEqual([1]);
  });

  it('opens a night again when the push closing it is refused and discarded: Cloudbeds never closed it', async () => {
    const roomTypeId = roomTypes[1]!;
    await fixture.ok('rates/submit', { changes: [{ roomTypeId, date: day(15), rate: 187.25 }] });
    await until(fixture.core, 'the rate synced', async () => ((await fixture.cell(roomTypeId, day(15))).state === 'synced' ? true : undefined));
    await fixture.control.faults('cloudbeds', { rejectValues: ['187.25'] });
    const closing = await fixture.ok('rates/stop-sell', { cells: [{ roomTypeId, date: day(15) }], closed: true });
    await until(fixture.core, 'the close failed', async () => ((await fixture.cell(roomTypeId, day(15))).state === 'failed' ? true : undefined));
    expect(await fixture.cell(roomTypeId, day(15))).toMatchObject({ closed: true });
    expect(await fixture.call('jobs/discard', { id: closing.jobIds[0], reason: 'Not now' })).toMatchObject({ ok: true });
    expect(await fixture.cell(roomTypeId, day(15))).toMatchObject({ rate: 187.25, state: 'synced', closed: false });
  });
});
