/**
 * The rate submit (SPEC §8): how long `rates/submit` of 1,000 cells takes to be acknowledged
 * (validated, stored and durably queued) through `core.invoke` on a file database, and how many
 * Cloudbeds requests 20 room types × 365 days of changes take against the ⌈intervals/30⌉ floor.
 */
import { createControlClient } from '../sandbox/control-client.js';
import { createCore, type Core } from '../core/core.js';
import { silentLogger } from '../core/logger.js';
import { startDemo } from '../demo/demo.js';
import { collapseIntervals } from '../core/rates/rate-intervals.js';
import { addDays } from '../shared/iso-date.js';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { median, percentile, report, type BenchRow } from './report.js';

const CELLS = 1_000;
const RUNS = 50;
const WARMUP = 5;
const ROOM_TYPES = 20;
const DAYS = 365;

const today = () => new Date().toISOString().slice(0, 10);

/** 20 room types in the database, each on one of the sandbox's five base plans (rateId 900001…). */
export function seedRoomTypes(core: Core, ids: number[]): number[] {
  const roomTypes = Array.from({ length: ROOM_TYPES }, (_, i) => i);
  const insert = core.db.prepare(`INSERT INTO room_types (id, name, short_name, rate_id, differential_kind, differential_value, sort_order)
    VALUES (?, ?, ?, ?, 'amount', ?, ?)`);
  core.db.transaction(() => {
    for (const i of roomTypes) insert.run(ids[i] ?? 700_000 + i, `Room type ${i + 1}`, `RT${i + 1}`, 900_001 + (i % 5), i * 5, i);
  })();
  return roomTypes.map((i) => ids[i] ?? 700_000 + i);
}

/** Median and p95 of `rates/submit` of 1,000 cells (20 room types × 50 nights, rates alternating: every cell its own interval). */
async function timeSubmit(): Promise<{ median: number; p95: number; jobs: number }> {
  const dir = makeTempDir('sentinel-bench-');
  // Not started: nothing sends, so the timing is the acknowledgement alone.
  const core = createCore({ dataDir: dir.path, logger: silentLogger });
  try {
    const roomTypes = seedRoomTypes(core, []);
    const nights = CELLS / ROOM_TYPES;
    const times: number[] = [];
    let jobs = 0;
    for (let run = 0; run < WARMUP + RUNS; run += 1) {
      const changes = roomTypes.flatMap((roomTypeId) =>
        Array.from({ length: nights }, (_, n) => ({ roomTypeId, date: addDays(today(), 1 + n), rate: 100 + (run % 50) + (n % 2) / 2 })),
      );
      const started = performance.now();
      const outcome = await core.invoke('rates/submit', { changes });
      const elapsed = performance.now() - started;
      if (!outcome.ok) throw new Error(`rates/submit refused: ${outcome.error.message}`);
      if (run >= WARMUP) times.push(elapsed);
      jobs = (outcome.data as { jobIds: number[] }).jobIds.length;
    }
    return { median: median(times), p95: percentile(times, 95), jobs };
  } finally {
    await core.stop();
    dir.remove();
  }
}

/**
 * 20 room types × 365 nights, priced by a weekly pattern (weekend nights dearer, a season step
 * each month), pushed through the real queue to the in-process sandbox with its limit raised.
 */
async function countRequests(): Promise<{ intervals: number; floor: number; putRate: number; total: number; seconds: number }> {
  const dir = makeTempDir('sentinel-bench-');
  const demo = await startDemo();
  const lanes = [{ name: 'cloudbeds', concurrency: 4, limit: { requests: 1_000, windowMs: 1_000 } }];
  const core = createCore({ dataDir: dir.path, logger: silentLogger, lanes, connections: demo.connections });
  try {
    await core.start();
    const control = createControlClient(demo.sandbox.url, demo.sandbox.controlToken);
    await control.limit('cloudbeds', { limit: 100_000, windowMs: 1_000 });
    const sandboxTypes = demo.sandbox.hotel().roomTypes.map((type) => type.id);
    const roomTypes = seedRoomTypes(core, sandboxTypes);
    const changes = roomTypes.flatMap((roomTypeId, r) =>
      Array.from({ length: DAYS }, (_, n) => {
        const date = addDays(today(), n);
        const weekend = [5, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
        return { roomTypeId, date, rate: 100 + r * 5 + (weekend ? 30 : 0) + Math.floor(n / 30) * 2 };
      }),
    );
    const intervals = collapseIntervals(changes).length;
    const before = (await control.counters()).cloudbeds.requests;
    const { seconds, putRate } = await submitAndDrain(core, changes, 50);
    const total = (await control.counters()).cloudbeds.requests - before;
    return { intervals, floor: Math.ceil(intervals / 30), putRate, total, seconds };
  } finally {
    await core.stop();
    await demo.close();
    dir.remove();
  }
}

/**
 * Submits the changes and waits (polling every `pollMs`) until no rate push is queued or sending;
 * throws unless every push is Done and every cell synced. The seconds from the submit to the
 * last push Done, and the putRate requests the pushes sent.
 */
export async function submitAndDrain(core: Core, changes: { roomTypeId: number; date: string; rate: number }[], pollMs: number): Promise<{ seconds: number; putRate: number }> {
  const started = performance.now();
  const outcome = await core.invoke('rates/submit', { changes });
  if (!outcome.ok) throw new Error(`rates/submit refused: ${outcome.error.message}`);
  const pending = core.db.prepare(`SELECT COUNT(*) FROM jobs WHERE type = 'rates/push' AND status IN ('queued', 'sending')`).pluck();
  while ((pending.get() as number) > 0) await new Promise((resolve) => setTimeout(resolve, pollMs));
  const seconds = (performance.now() - started) / 1000;
  const results = core.db.prepare(`SELECT status, result FROM jobs WHERE type = 'rates/push'`).all() as { status: string; result: string | null }[];
  const notDone = results.filter((row) => row.status !== 'done').length;
  if (notDone > 0) throw new Error(`${notDone} rate pushes did not complete`);
  const unsynced = core.db.prepare(`SELECT COUNT(*) FROM rate_cells WHERE state != 'synced'`).pluck().get() as number;
  if (unsynced > 0) throw new Error(`${unsynced} cells were not synced`);
  const putRate = results.reduce((sum, row) => sum + (JSON.parse(row.result ?? '{}') as { requests?: number }).requests!, 0);
  return { seconds, putRate };
}

export async function runSubmitBench(): Promise<void> {
  const timing = await timeSubmit();
  const requests = await countRequests();
  const rows: BenchRow[] = [
    {
      name: `rates/submit of ${CELLS.toLocaleString('en-US')} cells, median of ${RUNS} (${timing.jobs} push jobs each)`,
      value: timing.median,
      unit: 'ms',
      target: '<= 20',
      met: timing.median <= 20,
    },
    { name: `rates/submit of ${CELLS.toLocaleString('en-US')} cells, p95`, value: timing.p95, unit: 'ms' },
    { name: `${ROOM_TYPES} room types × ${DAYS} days: rate intervals`, value: requests.intervals, unit: 'intervals' },
    {
      name: 'putRate requests sent',
      value: requests.putRate,
      unit: 'requests',
      target: `= ⌈intervals/30⌉ = ${requests.floor}`,
      met: requests.putRate === requests.floor,
    },
    { name: 'Cloudbeds requests in all (putRate + getRateJobs polls)', value: requests.total, unit: 'requests' },
    { name: 'submit to every push completed (sandbox limit raised)', value: requests.seconds, unit: 's' },
  ];
  report('submit', rows);
}
