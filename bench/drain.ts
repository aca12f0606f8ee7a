/**
 * Draining at Cloudbeds' real limit (SPEC §8: within 5% of the limit-bound time, never over
 * it): 3,000 rate intervals (100 putRate requests, each followed by its getRateJobs polls)
 * submitted at once to a started core in demo mode with the real cloudbeds lane (5 requests/s,
 * no `lanes` override) against the in-process sandbox at its real limit, timed from the submit
 * to the last push Done, and set against the time the limit alone imposes on that many requests.
 */
import { createControlClient } from '../sandbox/control-client.js';
import { CLOUDBEDS_LIMIT } from '../sandbox/apis/cloudbeds.js';
import { createCore } from '../core/core.js';
import { silentLogger } from '../core/logger.js';
import { collapseIntervals } from '../core/rates/rate-intervals.js';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { startDemo } from '../demo/demo.js';
import { addDays } from '../shared/iso-date.js';
import { report, type BenchRow } from './report.js';
import { seedRoomTypes, submitAndDrain } from './submit.js';

const ROOM_TYPES = 20;
/** Nights per room type, rates alternating so every cell is its own interval: 20 × 150 = 3,000. */
const NIGHTS = 150;
const INTERVALS_PER_REQUEST = 30;

const today = () => new Date().toISOString().slice(0, 10);

export async function runDrainBench(): Promise<void> {
  const dir = makeTempDir('sentinel-bench-');
  const demo = await startDemo();
  // The lanes of the integrations as shipped: cloudbeds at its published 5 requests/s.
  const core = createCore({ dataDir: dir.path, logger: silentLogger, connections: demo.connections });
  try {
    await core.start();
    const control = createControlClient(demo.sandbox.url, demo.sandbox.controlToken);
    // The drain, not the start: wait out the lane's quiet start (integrations/lanes.ts) first.
    const headroom = () => core.queue.status().lanes.find((lane) => lane.lane === 'cloudbeds')!.rateHeadroom;
    while (headroom() !== CLOUDBEDS_LIMIT.limit) await new Promise((resolve) => setTimeout(resolve, 20));
    const roomTypes = seedRoomTypes(core, demo.sandbox.hotel().roomTypes.map((type) => type.id));
    const changes = roomTypes.flatMap((roomTypeId, r) =>
      Array.from({ length: NIGHTS }, (_, n) => ({ roomTypeId, date: addDays(today(), 1 + n), rate: 100 + r + (n % 2) * 10 })),
    );
    const intervals = collapseIntervals(changes).length;
    const before = (await control.counters()).cloudbeds;
    const { seconds, putRate } = await submitAndDrain(core, changes, 20);
    const after = (await control.counters()).cloudbeds;

    const total = after.requests - before.requests;
    const overLimit = after.overLimit - before.overLimit;
    // The first `limit` requests may go at once; each further one needs its share of a window.
    const { limit, windowMs } = CLOUDBEDS_LIMIT;
    const bound = ((total - limit) / limit) * (windowMs / 1000);
    const ratio = seconds / bound;
    const floor = Math.ceil(intervals / INTERVALS_PER_REQUEST);
    const rows: BenchRow[] = [
      { name: `rate intervals submitted (${ROOM_TYPES} room types × ${NIGHTS} nights, alternating rates)`, value: intervals, unit: 'intervals' },
      { name: 'putRate requests', value: putRate, unit: 'requests', target: `= ⌈intervals/30⌉ = ${floor}`, met: putRate === floor },
      { name: 'getRateJobs polls, and any request sent again after a 429 (all − putRate)', value: total - putRate, unit: 'requests' },
      { name: 'Cloudbeds requests in all (sandbox counter)', value: total, unit: 'requests' },
      { name: 'submit to the last push Done', value: seconds, unit: 's' },
      { name: `limit-bound time, (requests − ${limit}) / ${limit} per ${windowMs / 1000} s`, value: bound, unit: 's' },
      { name: 'drain time / limit-bound time', value: ratio, unit: '×', target: '<= 1.05', met: ratio <= 1.05 },
      { name: 'requests over the sandbox limit (overLimit)', value: overLimit, unit: 'requests', target: '= 0', met: overLimit === 0 },
    ];
    report('drain', rows);
  } finally {
    await core.stop();
    await demo.close();
    dir.remove();
  }
}
