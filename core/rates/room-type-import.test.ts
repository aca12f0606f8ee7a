import { afterEach, describe, expect, it } from 'vitest';
import { calls, type CallOutcome } from '../../shared/contract.js';
import { createControlClient } from '../../sandbox/control-client.js';
import { startSandbox } from '../../sandbox/server.js';
import { createCore } from '../core.js';
import { silentLogger } from '../logger.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { day, startRatesCore, today, until, type RatesFixture } from './rates-test-fixture.js';
import { deriveDifferential, IMPORT_DAYS } from './room-type-import.js';
import { RATE_IMPORT } from './rate-jobs.js';
import { demoConnections, startDemo } from '../../demo/demo.js';

let fixture: RatesFixture | null = null;
afterEach(async () => {
  await fixture?.dispose();
  fixture = null;
});

describe('room-type import', () => {
  it('imports the room types with the differentials the sandbox prices them by, Standard first', async () => {
    fixture = await startRatesCore();
    const grid = await fixture.ok('rates/grid', { from: today(), to: day(2) });
    const hotel = fixture.sandbox.hotel();
    expect(grid.roomTypes.map((roomType) => [roomType.shortName, roomType.differential])).toEqual(
      hotel.roomTypes.map((roomType) => [roomType.shortName, roomType.differential]),
    );
    expect(grid.dates).toEqual([today(), day(1), day(2)]);
    // Row-major: each room type's row of dates, every rate base + differential to the cent.
    grid.roomTypes.forEach((roomType, r) => {
      grid.dates.forEach((date, d) => {
        const cell = grid.cells[r * grid.dates.length + d]!;
        const sandboxType = hotel.roomTypes.find((type) => type.id === roomType.id)!;
        expect(cell).toEqual({
          roomTypeId: roomType.id,
          date,
          rate: hotel.rates.get(sandboxType.rateId)!.get(date)!,
          state: 'default',
          error: null,
          jobId: null,
          byHand: false,
          closed: false,
        });
      });
    });
  });

  it('answers the first grid with no room types, queues the import, and tells when it lands', async () => {
    const dir = makeTempDir();
    const demo = await startDemo();
    const core = createCore({ dataDir: dir.path, logger: silentLogger, connections: demo.connections });
    try {
      const before = await core.invoke('rates/grid', { from: today(), to: day(1) });
      expect(before).toEqual({ ok: true, data: { roomTypes: [], dates: [today(), day(1)], cells: [] } });
      const heard: unknown[] = [];
      core.events.on('rates/changed', (payload) => heard.push(payload));
      await core.start();
      await until(core, 'rates/changed', () => (heard.length > 0 ? true : undefined));
      expect(heard[0]).toEqual({ cells: [] });
      const after = (await core.invoke('rates/grid', { from: today(), to: day(1) })) as CallOutcome<'rates/grid'>;
      expect(after.ok && after.data.cells).toHaveLength(5 * 2);
    } finally {
      await core.stop();
      await demo.close();
      dir.remove();
    }
  });

  it('imports around a night Cloudbeds has no rate for: no base row, a blank grid night, differentials from the other nights', async () => {
    // A Cloudbeds of its own (the core's "live" one), told before the import which nights have no rate.
    const remote = await startSandbox({ port: 0 });
    const hotel = remote.hotel();
    const [standard, , superior] = hotel.roomTypes as [(typeof hotel.roomTypes)[0], unknown, (typeof hotel.roomTypes)[0]];
    const control = createControlClient(remote.url);
    await control.clearRates(standard.rateId, [day(2)]);
    await control.clearRates(superior.rateId, [day(3)]);
    const dir = makeTempDir();
    const core = createCore({ dataDir: dir.path, logger: silentLogger, connections: { cloudbeds: demoConnections(remote.baseUrls).cloudbeds } });
    try {
      await core.start();
      const grid = await until(core, 'the room-type import', async () => {
        // A failed attempt fails the test at once, with its reason, rather than after the timeout.
        const failure = core.db.prepare('SELECT last_error FROM jobs WHERE type = ? AND last_error IS NOT NULL').pluck().get(RATE_IMPORT.type);
        if (failure) throw new Error(`The import failed: ${String(failure)}`);
        const done = core.db.prepare("SELECT 1 FROM jobs WHERE type = ? AND status = 'done'").get(RATE_IMPORT.type);
        const outcome = (await core.invoke('rates/grid', { from: today(), to: day(4) })) as CallOutcome<'rates/grid'>;
        return done && outcome.ok && outcome.data.roomTypes.length > 0 ? calls['rates/grid'].result.parse(outcome.data) : undefined;
      });

      expect(grid.roomTypes.map((roomType) => roomType.differential)).toEqual(hotel.roomTypes.map((roomType) => roomType.differential));
      // Standard's unrated night is blank for every room type; Superior's follows the base like any other.
      const shown = grid.roomTypes.map((_roomType, r) => grid.cells.slice(r * 5, r * 5 + 5).map((cell) => [cell.date, cell.rate, cell.state]));
      const expected = hotel.roomTypes.map((roomType) =>
        grid.dates.map((date) => [date, date === day(2) ? null : hotel.rates.get(roomType.rateId)!.get(date)!, 'default']),
      );
      expect(shown).toEqual(expected);

      const baseDates = core.db.prepare('SELECT date FROM base_rates WHERE date BETWEEN ? AND ? ORDER BY date').pluck().all(today(), day(4));
      expect(baseDates).toEqual([today(), day(1), day(3), day(4)]);
      expect(core.db.prepare('SELECT COUNT(*) FROM base_rates').pluck().get()).toBe(IMPORT_DAYS - 1);
      const result = core.db.prepare('SELECT result FROM jobs WHERE type = ?').pluck().get(RATE_IMPORT.type) as string;
      expect(JSON.parse(result)).toMatchObject({ imported: 5, baseRates: IMPORT_DAYS - 1, nightsWithoutBaseRate: 1 });
    } finally {
      await core.stop();
      await remote.close();
      dir.remove();
    }
  });

  it('imports once: a restart on the same database queues no second import', async () => {
    fixture = await startRatesCore();
    const { dir } = fixture;
    await fixture.core.stop();
    const demo = await startDemo();
    const again = createCore({ dataDir: dir.path, logger: silentLogger, connections: demo.connections });
    await again.start();
    try {
      const imports = again.db.prepare('SELECT COUNT(*) AS n FROM jobs WHERE type = ?').get(RATE_IMPORT.type) as { n: number };
      expect(imports.n).toBe(1);
      expect((again.db.prepare('SELECT COUNT(*) AS n FROM room_types').get() as { n: number }).n).toBe(5);
    } finally {
      await again.stop();
      await demo.close();
      await fixture?.dispose();
      fixture = null;
    }
  });
});

describe('deriveDifferential', () => {
  it('reads a constant difference as an amount and a constant ratio as a percent', () => {
    expect(deriveDifferential([100, 140, 117], [145, 185, 162])).toEqual({ kind: 'amount', value: 45 });
    expect(deriveDifferential([100, 140, 117], [75, 105, 87.75])).toEqual({ kind: 'percent', value: -25 });
  });

  it('reads only the nights where both rates are known', () => {
    expect(deriveDifferential([100, null, 117], [145, 999, 162])).toEqual({ kind: 'amount', value: 45 });
    expect(deriveDifferential([100, null, 140, 117], [75, 75, null, 87.75])).toEqual({ kind: 'percent', value: -25 });
    expect(deriveDifferential([null, null], [120, 130])).toEqual({ kind: 'amount', value: 0 });
  });

  it('falls back to the first night’s difference when the rates follow no rule', () => {
    expect(deriveDifferential([100, 100, 100], [110, 130, 90])).toEqual({ kind: 'amount', value: 10 });
  });
});
