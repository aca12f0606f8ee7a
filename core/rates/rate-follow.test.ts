import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName, CallOutcome, CallResult } from '../../shared/contract.js';
import { createCore, type Core } from '../core.js';
import { silentLogger } from '../logger.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { day, today } from './rates-test-fixture.js';

// A core that is never started (no sandbox, nothing runs): what a submit stores and queues is
// read straight from SQLite. Standard is the base; the Single follows at −25 %, the Suite at +40.
let dir: ReturnType<typeof makeTempDir>;
let core: Core;

beforeEach(() => {
  dir = makeTempDir();
  core = createCore({ dataDir: dir.path, logger: silentLogger });
  core.db.exec(`INSERT INTO room_types (id, name, short_name, rate_id, differential_kind, differential_value, sort_order) VALUES
    (11, 'Standard', 'STD', 911, 'amount', 0, 0), (12, 'Single', 'SGL', 912, 'percent', -25, 1), (13, 'Suite', 'STE', 913, 'amount', 40, 2)`);
  core.db.prepare('INSERT INTO base_rates (date, rate) VALUES (?, 100), (?, 110), (?, 120)').run(day(1), day(2), day(3));
});
afterEach(async () => {
  await core.stop();
  dir.remove();
});

const invoke = <K extends CallName>(name: K, args: unknown) => core.invoke(name, args) as Promise<CallOutcome<K>>;
async function ok<K extends CallName>(name: K, args: unknown): Promise<CallResult<K>> {
  const outcome = await invoke(name, args);
  if (!outcome.ok) throw new Error(`${name}: ${outcome.error.message}`);
  return outcome.data;
}
const count = (table: string) => (core.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
/** Every interval queued for Cloudbeds, as `roomTypeId date…date rate [closed|open]`. */
function queuedIntervals(): string[] {
  const payloads = core.db.prepare(`SELECT payload FROM jobs WHERE type = 'rates/push' ORDER BY id`).all() as { payload: string }[];
  return payloads.flatMap(({ payload }) =>
    (JSON.parse(payload) as { rates: { roomTypeId: number; intervals: { startDate: string; endDate: string; rate: number; blocked?: boolean }[] }[] }).rates.flatMap(
      (entry) =>
        entry.intervals.map((interval) => {
          const sales = interval.blocked === undefined ? '' : interval.blocked ? ' closed' : ' open';
          return `${entry.roomTypeId} ${interval.startDate}…${interval.endDate} ${interval.rate}${sales}`;
        }),
    ),
  );
}
const gridRow = async (roomTypeId: number) =>
  (await ok('rates/grid', { from: day(1), to: day(3) })).cells
    .filter((cell) => cell.roomTypeId === roomTypeId)
    .map((cell) => `${cell.rate} ${cell.state}${cell.byHand ? ' by hand' : ''}${cell.closed ? ' closed' : ''}`);

describe('derived room types follow the base room type', () => {
  it('carries the other room types of a night along when its base rate changes, at their differential', async () => {
    const answer = await ok('rates/submit', { changes: [{ roomTypeId: 11, date: day(1), rate: 200 }] });
    expect(answer.cells.map((cell) => [cell.roomTypeId, cell.rate, cell.byHand]).sort()).toEqual([
      [11, 200, true],
      [12, 150, false],
      [13, 240, false],
    ]);
    expect(queuedIntervals()).toEqual([`11 ${day(1)}…${day(1)} 200`, `12 ${day(1)}…${day(1)} 150`, `13 ${day(1)}…${day(1)} 240`]);
    expect(await gridRow(12)).toEqual(['150 saved', '82.5 default', '90 default']);
  });

  it('leaves a cell set by hand where it is, and moves one that follows again', async () => {
    await ok('rates/submit', { changes: [{ roomTypeId: 12, date: day(1), rate: 99 }] });
    await ok('rates/submit', { changes: [{ roomTypeId: 11, date: day(1), rate: 200 }] });
    await ok('rates/submit', { changes: [{ roomTypeId: 11, date: day(1), rate: 180 }] });
    expect(await gridRow(12)).toEqual(['99 saved by hand', '82.5 default', '90 default']);
    expect(await gridRow(13)).toEqual(['220 saved', '150 default', '160 default']);
  });

  it('takes a room type’s own value typed in the same submit over the one it would follow with', async () => {
    await ok('rates/submit', { changes: [{ roomTypeId: 13, date: day(2), rate: 333 }, { roomTypeId: 11, date: day(2), rate: 200 }] });
    expect(await gridRow(13)).toEqual(['140 default', '333 saved by hand', '160 default']);
    expect(await gridRow(12)).toEqual(['75 default', '150 saved', '90 default']);
  });

  it('refuses a base rate a follower could not take, naming the base change, and stores nothing', async () => {
    const outcome = await invoke('rates/submit', { changes: [{ roomTypeId: 13, date: day(1), rate: 150 }, { roomTypeId: 11, date: day(2), rate: 99_990 }] });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_argument', field: 'changes.1.rate' } });
    if (!outcome.ok) expect(outcome.error.message).toMatch(/Suite follows Standard and would be 100030.00, which is not a rate/);
    expect(count('rate_cells')).toBe(0);
    expect(count('jobs')).toBe(0);
  });

  it('carries nothing along when the first room type is not a base (its differential is not zero)', async () => {
    core.db.exec(`UPDATE room_types SET differential_value = 5 WHERE id = 11`);
    const answer = await ok('rates/submit', { changes: [{ roomTypeId: 11, date: day(1), rate: 200 }] });
    expect(answer.cells).toHaveLength(1);
  });
});

describe('rates/follow-base', () => {
  it('puts cells set by hand back on the base: its rate of the night with their differential, and they move with it again', async () => {
    await ok('rates/submit', { changes: [{ roomTypeId: 11, date: day(2), rate: 200 }, { roomTypeId: 12, date: day(1), rate: 99 }, { roomTypeId: 12, date: day(2), rate: 98 }] });
    const answer = await ok('rates/follow-base', { cells: [{ roomTypeId: 12, date: day(1) }, { roomTypeId: 12, date: day(2) }] });
    expect(answer.cells.map((cell) => [cell.date, cell.rate, cell.byHand]).sort()).toEqual([
      [day(1), 75, false],
      [day(2), 150, false],
    ]);
    expect(queuedIntervals().slice(-2)).toEqual([`12 ${day(1)}…${day(1)} 75`, `12 ${day(2)}…${day(2)} 150`]);
    await ok('rates/submit', { changes: [{ roomTypeId: 11, date: day(1), rate: 160 }] });
    expect(await gridRow(12)).toEqual(['120 saved', '150 saved', '90 default']);
  });

  const refusals: [string, unknown, string, RegExp][] = [
    ['a cell of the base room type itself', { roomTypeId: 11, date: day(1) }, 'cells.1.roomTypeId', /Standard is the base room type; it follows nothing/],
    ['a night the base has no rate for', { roomTypeId: 13, date: day(2) }, 'cells.1.date', /Standard has no rate on .*; type a rate for it instead/],
    ['a night in the past', { roomTypeId: 13, date: day(-1) }, 'cells.1.date', /in the past/],
  ];
  for (const [what, cell, field, message] of refusals) {
    it(`refuses ${what}, naming it, and stores and queues nothing`, async () => {
      // A night inside the imported span without a base rate: Cloudbeds had none for it.
      core.db.prepare('DELETE FROM base_rates WHERE date = ?').run(day(2));
      const outcome = await invoke('rates/follow-base', { cells: [{ roomTypeId: 12, date: day(1) }, cell] });
      expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_argument', field } });
      if (!outcome.ok) expect(outcome.error.message).toMatch(message);
      expect(count('rate_cells')).toBe(0);
      expect(count('jobs')).toBe(0);
    });
  }
});

describe('rates/stop-sell', () => {
  it('closes nights at the rate they have, keeps a follower following, and sends closed only where it was set here', async () => {
    await ok('rates/submit', { changes: [{ roomTypeId: 13, date: day(2), rate: 333 }] });
    const answer = await ok('rates/stop-sell', {
      cells: [
        { roomTypeId: 12, date: day(1) },
        { roomTypeId: 12, date: day(2) },
        { roomTypeId: 13, date: day(2) },
      ],
      closed: true,
    });
    expect(answer.cells.every((cell) => cell.closed && cell.state === 'saved')).toBe(true);
    expect(await gridRow(12)).toEqual(['75 saved closed', '82.5 saved closed', '90 default']);
    expect(await gridRow(13)).toEqual(['140 default', '333 saved by hand closed', '160 default']);
    expect(queuedIntervals().slice(1)).toEqual([`12 ${day(1)}…${day(1)} 75 closed`, `12 ${day(2)}…${day(2)} 82.5 closed`, `13 ${day(2)}…${day(2)} 333 closed`]);

    // The closed Single still follows the Standard, and its push says closed again.
    await ok('rates/submit', { changes: [{ roomTypeId: 11, date: day(1), rate: 200 }] });
    expect(await gridRow(12)).toEqual(['150 saved closed', '82.5 saved closed', '90 default']);
    expect(queuedIntervals().slice(4)).toEqual([`11 ${day(1)}…${day(1)} 200`, `12 ${day(1)}…${day(1)} 150 closed`, `13 ${day(1)}…${day(1)} 240`]);

    await ok('rates/stop-sell', { cells: [{ roomTypeId: 12, date: day(1) }], closed: false });
    expect(await gridRow(12)).toEqual(['150 saved', '82.5 saved closed', '90 default']);
    expect(queuedIntervals().at(-1)).toBe(`12 ${day(1)}…${day(1)} 150 open`);
  });

  const refusals: [string, unknown, string, RegExp][] = [
    ['a night in the past', { roomTypeId: 12, date: day(-1) }, 'cells.1.date', /in the past/],
    ['an unknown room type', { roomTypeId: 99, date: day(1) }, 'cells.1.roomTypeId', /no room type 99/],
    ['a night without a rate in Cloudbeds', { roomTypeId: 12, date: today() }, 'cells.1.date', /has no rate on .* set a rate before closing/],
    ['the last date of the calendar', { roomTypeId: 12, date: '9999-12-31' }, 'cells.1.date', /outside the dates/],
  ];
  for (const [what, cell, field, message] of refusals) {
    it(`refuses ${what}, naming the cell, and stores and queues nothing`, async () => {
      // today() has no base rate: the imported nights start tomorrow.
      core.db.prepare('INSERT INTO base_rates (date, rate) VALUES (?, 90), (?, 90)').run(day(-3), day(-2));
      core.db.prepare('DELETE FROM base_rates WHERE date = ?').run(today());
      const outcome = await invoke('rates/stop-sell', { cells: [{ roomTypeId: 12, date: day(1) }, cell], closed: true });
      expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_argument', field } });
      if (!outcome.ok) expect(outcome.error.message).toMatch(message);
      expect(count('rate_cells')).toBe(0);
      expect(count('jobs')).toBe(0);
    });
  }
});
