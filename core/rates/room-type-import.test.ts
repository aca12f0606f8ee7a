import { afterEach, describe, expect, it } from 'vitest';
import type { CallOutcome } from '../../shared/contract.js';
import { createCore } from '../core.js';
import { silentLogger } from '../logger.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { day, startRatesCore, today, until, type RatesFixture } from './rates-test-fixture.js';
import { deriveDifferential } from './room-type-import.js';
import { RATE_IMPORT } from './rate-jobs.js';
import { startDemo } from '../../demo/demo.js';

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

  it('falls back to the first night’s difference when the rates follow no rule', () => {
    expect(deriveDifferential([100, 100, 100], [110, 130, 90])).toEqual({ kind: 'amount', value: 10 });
  });
});
