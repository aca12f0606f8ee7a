import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/iso-date.js';
import { untilEvent } from '../testing/until-event.js';
import { startReconciliationCore, type ReconciliationFixture } from './reconciliation-test-fixture.js';

let fixture: ReconciliationFixture;
afterEach(() => fixture?.dispose());

const today = () => new Date().toISOString().slice(0, 10);

describe('the reconciliation and reservations calls', () => {
  it.each([
    ['reservations/list', { from: '2026-13-01' }, 'from'],
    ['reservations/list', { from: '1999-12-31' }, 'from'],
    ['reservations/list', { to: addDays(today(), 4 * 366) }, 'to'],
    ['reservations/list', { from: addDays(today(), 10), to: addDays(today(), 9) }, 'to'],
    ['reservations/list', { from: today(), to: addDays(today(), 366) }, 'to'],
    ['reservations/list', { limit: 0 }, 'limit'],
    ['reservations/list', { limit: 501 }, 'limit'],
    ['reservations/list', { text: '   ' }, 'text'],
    ['reservations/list', { text: 'x'.repeat(101) }, 'text'],
    ['reservations/list', { cursor: '2026-11-23;4' }, 'cursor'],
    ['reservations/list', { guest: 'Silva' }, 'guest'],
    ['reservations/reveal-pin', {}, 'id'],
    ['reservations/reveal-pin', { id: 0 }, 'id'],
    ['reservations/reveal-pin', { id: '12' }, 'id'],
    ['reservations/reveal-pin', { id: 1.5 }, 'id'],
    ['reconciliation/run', { now: true }, 'now'],
    ['reconciliation/status', { runs: 10 }, 'runs'],
  ])('refuse %s with %j, naming the field', async (name, args, field) => {
    fixture = await startReconciliationCore();
    const outcome = await fixture.call(name as 'reservations/list', args);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_argument', field } });
    expect((outcome as { error: { message: string } }).error.message).toMatch(new RegExp(`^${field}: .{5,}`));
    // Refused before anything ran: no run was queued by a call that was turned away.
    expect(fixture.core.db.prepare('SELECT COUNT(*) FROM jobs').pluck().get()).toBe(0);
  });

  it('answers not_found for a reservation that does not exist, and conflict for one without a PIN yet', async () => {
    fixture = await startReconciliationCore();
    expect(await fixture.call('reservations/reveal-pin', { id: 999 })).toMatchObject({ ok: false, error: { code: 'not_found', field: 'id' } });
    const { _id } = await fixture.control.stays('add', { startDate: addDays(today(), 30), endDate: addDays(today(), 32) });
    await fixture.reconcile();
    const outcome = await fixture.call('reservations/reveal-pin', { id: fixture.idOf(_id) });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'conflict', field: 'id', message: expect.stringMatching(/made 2 h before check-in/) } });
  });

  it('lists stays by arrival in pages that neither overlap nor skip, and finds one by its code', async () => {
    fixture = await startReconciliationCore();
    await fixture.reconcile();
    const all = (await fixture.ok('reservations/list', { from: addDays(today(), -7), limit: 500 })).items;
    expect(all.length).toBeGreaterThan(30);
    expect(all.every((item, i) => i === 0 || all[i - 1]!.arrival <= item.arrival)).toBe(true);
    const paged = [];
    let cursor: string | null | undefined;
    for (let pages = 0; pages < 50; pages += 1) {
      const page = await fixture.ok('reservations/list', { from: addDays(today(), -7), limit: 7, ...(cursor ? { cursor } : {}) });
      paged.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(paged.map((item) => item.id)).toEqual(all.map((item) => item.id));
    const one = all[5]!;
    const found = await fixture.ok('reservations/list', { from: addDays(today(), -7), text: one.guestName.toLowerCase() });
    expect(found.items.map((item) => item.id)).toEqual([one.id]);
    expect(one).toMatchObject({ source: 'stays', room: expect.stringMatching(/^Room \d{3} door$|^[0-9a-f]{24}$/) });
  });

  it('queue the first run for the first screen that asks, once, and a person’s run once while one waits', async () => {
    fixture = await startReconciliationCore({ core: { reconciliation: { cron: '*/30 * * * *' } } });
    fixture.core.queue.pause('stays');
    const first = await fixture.ok('reconciliation/status', {});
    expect(first).toMatchObject({ lastRun: null, pending: true, schedule: { cron: '*/30 * * * *', timeZone: 'UTC' }, runs: [] });
    const next = Date.parse(first.nextRunAt!);
    expect(next - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    expect(new Date(next).getUTCMinutes() % 30).toBe(0);
    await fixture.ok('reservations/list', {});
    const runs = () => fixture.core.db.prepare(`SELECT COUNT(*) FROM jobs WHERE type = 'reconciliation/run'`).pluck().get();
    expect(runs()).toBe(1);

    const asked = await fixture.ok('reconciliation/run', {});
    expect(asked).toMatchObject({ alreadyQueued: true });
    expect(runs()).toBe(1);
    fixture.core.queue.resume('stays');
    await untilEvent(fixture.core, 'the first run', async () => (await fixture.ok('reconciliation/status', {})).lastRun?.status === 'ok');
    const after = await fixture.ok('reconciliation/run', {});
    expect(after.alreadyQueued).toBe(false);
    const status = await fixture.ok('reconciliation/status', {});
    expect(status.stats.reservations).toBeGreaterThan(0);
    expect(status.stats.pins.scheduled + status.stats.pins.active).toBeGreaterThan(0);
    expect(status.lastSuccessAt).toBe(status.runs.at(-1)!.startedAt);
  });

  it('do not count door PINs due later as waiting to be sent in Sync status', async () => {
    fixture = await startReconciliationCore();
    await fixture.reconcile();
    await fixture.pinsSettled();
    const seam = fixture.core.queue.status().lanes.find((lane) => lane.lane === 'seam')!;
    expect(seam.depth.queued).toBe(0);
    expect(seam.depth.scheduled).toBe(fixture.core.db.prepare(`SELECT COUNT(*) FROM jobs WHERE lane = 'seam' AND status = 'queued'`).pluck().get());
    expect(seam.depth.scheduled).toBeGreaterThan(0);
    expect(seam.jobKinds).toEqual(['door PINs', 'door PIN removals', 'lock list reads']);
  });
});
