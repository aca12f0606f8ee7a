/** `npm run bench -- <name>`: runs one benchmark (or all) and prints its table. */
import { runAvailabilityBench } from './availability.js';
import { runCompareBench } from './compare.js';
import { runDrainBench } from './drain.js';
import { runGridBench } from './grid.js';
import { runHousekeepingBench } from './housekeeping.js';
import { runIdleBench } from './idle.js';
import { runQueueBench } from './queue.js';
import { runReconcileBench } from './reconcile.js';
import { runStartupBench } from './startup.js';
import { runSubmitBench } from './submit.js';

const benches: Record<string, () => Promise<void>> = {
  queue: runQueueBench,
  submit: runSubmitBench,
  grid: runGridBench,
  housekeeping: runHousekeepingBench,
  reconcile: runReconcileBench,
  compare: runCompareBench,
  idle: runIdleBench,
  startup: runStartupBench,
  drain: runDrainBench,
  availability: runAvailabilityBench,
};

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !benches[name]);
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
for (const name of requested.length > 0 ? requested : Object.keys(benches)) await benches[name]!();
