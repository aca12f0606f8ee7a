import { formatDayRange } from '../../shared/day-range.js';
import { fillTheDisk, freeTheDisk } from '../testing/disk-full.js';
import { ManualClock } from '../testing/manual-clock.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName, CallOutcome } from '../../shared/contract.js';
import { createCore, type Core } from '../core.js';
import { silentLogger } from '../logger.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { day, today } from './rates-test-fixture.js';

// A core that is never started: no sandbox, no import job, so an empty jobs table means nothing
// was queued. Its room types are written straight into the database.
let dir: ReturnType<typeof makeTempDir>;
let core: Core;

beforeEach(() => {
  dir = makeTempDir();
  core = createCore({ dataDir: dir.path, logger: silentLogger });
  core.db.exec(`INSERT INTO room_types (id, name, short_name, rate_id, differential_kind, differential_value, sort_order) VALUES
    (11, 'Standard', 'STD', 911, 'amount', 0, 0), (12, 'Suite', 'STE', 912, 'percent', 50, 1)`);
  core.db.prepare('INSERT INTO base_rates (date, rate) VALUES (?, 100), (?, 110)').run(today(), day(1));
});
afterEach(async () => {
  await core.stop();
  dir.remove();
});

const invoke = <K extends CallName>(name: K, args: unknown) => core.invoke(name, args) as Promise<CallOutcome<K>>;
const count = (table: string) => (core.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('rates/submit', () => {
  const good = { roomTypeId: 11, date: day(1), rate: 120 };
  const refusals: [string, unknown, string, RegExp][] = [
    ['a rate with three decimals', { roomTypeId: 11, date: day(1), rate: 120.123 }, 'changes.1.rate', /2 decimals/],
    ['a rate of zero', { roomTypeId: 11, date: day(1), rate: 0 }, 'changes.1.rate', /at least 0.01/],
    ['a rate above the API maximum', { roomTypeId: 11, date: day(1), rate: 100_001 }, 'changes.1.rate', /at most 100000/],
    ['a date in the past', { roomTypeId: 11, date: day(-1), rate: 120 }, 'changes.1.date', /in the past/],
    ['a date that does not exist', { roomTypeId: 11, date: '2031-02-30', rate: 120 }, 'changes.1.date', /date/i],
    ['the last date of the calendar', { roomTypeId: 11, date: '9999-12-31', rate: 120 }, 'changes.1.date', /outside the dates this app handles/],
    ['a date more than three years ahead', { roomTypeId: 11, date: day(3 * 366 + 1), rate: 120 }, 'changes.1.date', /outside the dates/],
    ['a rate of a billionth', { roomTypeId: 11, date: day(1), rate: 1e-9 }, 'changes.1.rate', /at least 0.01/],
    ['the smallest number there is', { roomTypeId: 11, date: day(1), rate: 5e-324 }, 'changes.1.rate', /at least 0.01/],
    ['a rate below a cent', { roomTypeId: 11, date: day(1), rate: 0.004 }, 'changes.1.rate', /at least 0.01/],
    ['minus zero', { roomTypeId: 11, date: day(1), rate: -0 }, 'changes.1.rate', /at least 0.01/],
    ['an unknown room type', { roomTypeId: 999, date: day(1), rate: 120 }, 'changes.1.roomTypeId', /no room type 999/],
  ];
  for (const [what, change, field, message] of refusals) {
    it(`refuses ${what}, naming the cell, and stores and queues nothing`, async () => {
      const outcome = await invoke('rates/submit', { changes: [good, change] });
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.error).toMatchObject({ code: 'invalid_argument', field });
      expect(outcome.error.message).toMatch(message);
      expect(count('jobs')).toBe(0);
      expect(count('rate_cells')).toBe(0);
    });
  }

  it('stores the cells as saved and queues their push in the same transaction, answering with both', async () => {
    const outcome = await invoke('rates/submit', {
      changes: [good, { roomTypeId: 12, date: today(), rate: 180.5 }, { roomTypeId: 11, date: day(1), rate: 125 }],
    });
    if (!outcome.ok) throw new Error(outcome.error.message);
    const [jobId] = outcome.data.jobIds;
    expect(outcome.data.jobIds).toHaveLength(1);
    // The same cell twice in one submit: the later value is the one kept. The Suite follows the
    // Standard's new rate on day(1) at +50 %.
    const saved = { state: 'saved', error: null, jobId, closed: false };
    expect(outcome.data.cells).toEqual(
      expect.arrayContaining([
        { roomTypeId: 11, date: day(1), rate: 125, byHand: true, ...saved },
        { roomTypeId: 12, date: today(), rate: 180.5, byHand: true, ...saved },
        { roomTypeId: 12, date: day(1), rate: 187.5, byHand: false, ...saved },
      ]),
    );
    expect(outcome.data.cells).toHaveLength(3);
    const job = core.db.prepare('SELECT lane, type, summary, priority, payload FROM jobs').get() as { lane: string; type: string; priority: number; payload: string };
    expect(job).toMatchObject({ lane: 'cloudbeds', type: 'rates/push', summary: `Rates · 2 room types · ${formatDayRange(today(), day(1))} · 3 rates` });
    expect(job.priority).toBeGreaterThan(0);
    expect(JSON.parse(job.payload)).toEqual({
      rates: [
        { rateId: 911, roomTypeId: 11, name: 'Standard', intervals: [{ startDate: day(1), endDate: day(1), rate: 125 }] },
        {
          rateId: 912,
          roomTypeId: 12,
          name: 'Suite',
          intervals: [
            { startDate: today(), endDate: today(), rate: 180.5 },
            { startDate: day(1), endDate: day(1), rate: 187.5 },
          ],
        },
      ],
    });
  });

  it('shows overrides in the grid and every other cell as base + differential', async () => {
    await invoke('rates/submit', { changes: [{ roomTypeId: 12, date: day(1), rate: 170 }] });
    const grid = await invoke('rates/grid', { from: today(), to: day(2) });
    if (!grid.ok) throw new Error(grid.error.message);
    expect(grid.data.cells.map((cell) => [cell.roomTypeId, cell.date, cell.rate, cell.state])).toEqual([
      [11, today(), 100, 'default'],
      [11, day(1), 110, 'default'],
      // No base rate past the imported days: the last known one holds.
      [11, day(2), 110, 'default'],
      [12, today(), 150, 'default'],
      [12, day(1), 170, 'saved'],
      [12, day(2), 165, 'default'],
    ]);
  });
});

describe('drafts', () => {
  it('keeps rates typed but not submitted across a restart, and forgets those a submit sends', async () => {
    const drafts = [
      { roomTypeId: 11, date: day(1), rate: 120 },
      { roomTypeId: 12, date: day(2), rate: 188.5 },
    ];
    expect(await invoke('rates/save-drafts', { drafts })).toEqual({ ok: true, data: { saved: 2 } });
    await core.stop();
    core = createCore({ dataDir: dir.path, logger: silentLogger });
    expect(await invoke('rates/drafts', {})).toEqual({ ok: true, data: { drafts } });
    await invoke('rates/submit', { changes: [drafts[0]] });
    expect(await invoke('rates/drafts', {})).toEqual({ ok: true, data: { drafts: [drafts[1]] } });
    expect(await invoke('rates/save-drafts', { drafts: [] })).toEqual({ ok: true, data: { saved: 0 } });
    expect(await invoke('rates/drafts', {})).toEqual({ ok: true, data: { drafts: [] } });
  });

  it('refuses a draft of an unknown room type or a date out of range, naming it, and keeps the drafts it had', async () => {
    await invoke('rates/save-drafts', { drafts: [{ roomTypeId: 11, date: day(1), rate: 120 }] });
    expect(await invoke('rates/save-drafts', { drafts: [{ roomTypeId: 99, date: day(1), rate: 120 }] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', field: 'drafts.0.roomTypeId' },
    });
    expect(await invoke('rates/save-drafts', { drafts: [{ roomTypeId: 11, date: '9999-12-31', rate: 120 }] })).toMatchObject({
      ok: false,
      error: { field: 'drafts.0.date' },
    });
    expect(await invoke('rates/drafts', {})).toEqual({ ok: true, data: { drafts: [{ roomTypeId: 11, date: day(1), rate: 120 }] } });
  });
});

describe('rates/submit on a full disk', () => {
  it('answers storage_full in plain words, keeps nothing of the submit, and works again once space is freed', async () => {
    const changes = Array.from({ length: 200 }, (_, n) => ({ roomTypeId: 11, date: day(1 + n), rate: 100 + (n % 2) }));
    fillTheDisk(core.db);
    const refused = await invoke('rates/submit', { changes });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'storage_full', message: expect.stringMatching(/^The disk holding the data folder is full: free some space.*Nothing was changed/) },
    });
    expect(count('jobs')).toBe(0);
    expect(count('rate_cells')).toBe(0);
    freeTheDisk(core.db);
    expect(await invoke('rates/submit', { changes })).toMatchObject({ ok: true });
    // The 200 Standard nights and the Suite's, which follow them.
    expect(count('rate_cells')).toBe(400);
  });

  it('tells sync and the header too, and clears that by itself once a probe write succeeds', async () => {
    const clock = new ManualClock(Date.now());
    const other = makeTempDir();
    const hotel = createCore({ dataDir: other.path, logger: silentLogger, clock });
    try {
      hotel.db.exec(`INSERT INTO room_types (id, name, short_name, rate_id, differential_kind, differential_value, sort_order) VALUES (11, 'Standard', 'STD', 911, 'amount', 0, 0)`);
      const storageStates: string[] = [];
      hotel.events.on('sync/changed', (status) => storageStates.push(status.storage.state));
      fillTheDisk(hotel.db);
      const changes = Array.from({ length: 200 }, (_, n) => ({ roomTypeId: 11, date: day(1 + n), rate: 100 + (n % 2) }));
      expect(await hotel.invoke('rates/submit', { changes })).toMatchObject({ ok: false, error: { code: 'storage_full' } });
      expect(hotel.queue.status().storage).toMatchObject({ state: 'full', message: expect.stringContaining('free some space') });
      // Still full: the probe fails and sync stays held.
      await clock.advance(1_000);
      expect(hotel.queue.status().storage.state).toBe('full');
      freeTheDisk(hotel.db);
      await clock.advance(2_000);
      expect(hotel.queue.status().storage.state).toBe('ok');
      expect(storageStates.at(-1)).toBe('ok');
      expect(storageStates).toContain('full');
      // The probe left nothing behind.
      expect(hotel.db.prepare("SELECT COUNT(*) AS n FROM settings WHERE key = 'storage.probe'").get()).toEqual({ n: 0 });
    } finally {
      await hotel.stop();
      other.remove();
    }
  });
});

describe("the hotel's day", () => {
  it('refuses a past date by the hotel’s clock: at 11:30 UTC on 29 Nov, Auckland is on the 30th and Los Angeles on the 29th', async () => {
    const at = Date.parse('2026-11-29T11:30:00Z');
    for (const [timeZone, refused, accepted] of [
      ['Pacific/Auckland', '2026-11-29', '2026-11-30'],
      ['America/Los_Angeles', '2026-11-28', '2026-11-29'],
    ] as const) {
      const other = makeTempDir();
      const hotel = createCore({ dataDir: other.path, logger: silentLogger, clock: new ManualClock(at), timeZone });
      try {
        hotel.db.exec(`INSERT INTO room_types (id, name, short_name, rate_id, differential_kind, differential_value, sort_order) VALUES (11, 'Standard', 'STD', 911, 'amount', 0, 0)`);
        const past = await hotel.invoke('rates/submit', { changes: [{ roomTypeId: 11, date: refused, rate: 100 }] });
        expect(past, timeZone).toMatchObject({ ok: false, error: { field: 'changes.0.date', message: expect.stringContaining(`today is ${accepted}`) } });
        expect(await hotel.invoke('rates/submit', { changes: [{ roomTypeId: 11, date: accepted, rate: 100 }] }), timeZone).toMatchObject({ ok: true });
      } finally {
        await hotel.stop();
        other.remove();
      }
    }
  });
});

describe('rates/grid', () => {
  it('refuses a range at the end of the calendar at once, instead of stepping past the year 9999 for ever', async () => {
    for (const [from, to, field] of [
      ['9999-12-31', '9999-12-31', 'from'],
      [today(), '9999-12-31', 'to'],
      ['1999-12-31', '2000-01-01', 'from'],
    ] as const) {
      const outcome = await invoke('rates/grid', { from, to });
      expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_argument', field } });
    }
    expect(count('jobs')).toBe(0);
  });

  it('shows a grid at the far end of the window', async () => {
    const outcome = await invoke('rates/grid', { from: day(3 * 365 - 10), to: day(3 * 365 - 1) });
    expect(outcome.ok && outcome.data.dates).toHaveLength(10);
  });
});
