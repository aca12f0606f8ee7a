/**
 * Queue throughput on a file database: jobs/s enqueued singly (one durable transaction each)
 * and in batches, and jobs/s processed by a no-op handler at concurrency 1 and 8.
 */
import { join } from 'node:path';
import { silentLogger } from '../core/logger.js';
import { z } from 'zod';
import { defineJobKind, newJob, workerFor } from '../core/queue/job-kind.js';
import { createQueue } from '../core/queue/queue.js';
import { openStore } from '../core/store/database.js';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { report, type BenchRow } from './report.js';

const SINGLE = 2_000;
export const BATCHED = 200_000;
export const BATCH_SIZE = 1_000;
export const PROCESSED = 50_000;

function withQueue<T>(concurrency: number, fn: (queue: ReturnType<typeof createQueue>) => Promise<T>): Promise<T> {
  const dir = makeTempDir('sentinel-bench-');
  const db = openStore({ path: join(dir.path, 'bench.db') });
  const queue = createQueue({
    db,
    logger: silentLogger,
    lanes: [{ name: 'bench', concurrency }],
    workers: [workerFor(NOOP, async () => null)],
  });
  return fn(queue).finally(async () => {
    await queue.stop();
    db.close();
    dir.remove();
  });
}

/** A job that does nothing, with a payload as small as a real one is checked against. */
const NOOP = defineJobKind({
  type: 'noop',
  lane: 'bench',
  payload: z.object({ i: z.number().int() }),
  summarize: () => 'Bench · nothing',
  noun: ['no-op', 'no-ops'],
});

const spec = (i: number) => newJob(NOOP, { i }, { idempotencyKey: `bench-${i}` });

async function enqueueSingly(): Promise<number> {
  return withQueue(1, async (queue) => {
    const started = performance.now();
    for (let i = 0; i < SINGLE; i += 1) queue.enqueue(spec(i));
    return SINGLE / ((performance.now() - started) / 1000);
  });
}

/** Jobs/s enqueued in batches of BATCH_SIZE, each batch one synchronous=FULL transaction (also run by the comparison bench). */
export async function enqueueInBatches(jobs = BATCHED): Promise<number> {
  return withQueue(1, async (queue) => {
    const started = performance.now();
    for (let i = 0; i < jobs; i += BATCH_SIZE) queue.enqueue(Array.from({ length: BATCH_SIZE }, (_, j) => spec(i + j)));
    return jobs / ((performance.now() - started) / 1000);
  });
}

/** No-op jobs/s processed at this concurrency, from `jobs` already queued (also run by the comparison bench). */
export async function processNoOps(concurrency: number, jobs = PROCESSED): Promise<number> {
  return withQueue(concurrency, async (queue) => {
    for (let i = 0; i < jobs; i += BATCH_SIZE) queue.enqueue(Array.from({ length: BATCH_SIZE }, (_, j) => spec(i + j)));
    // Reads the lane depth the Sync status view reads (partial indexes), not a table scan.
    const remaining = () => queue.status().lanes.reduce((sum, lane) => sum + lane.depth.queued + lane.depth.sending, 0);
    const started = performance.now();
    queue.start();
    while (remaining() > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    return jobs / ((performance.now() - started) / 1000);
  });
}

export async function runQueueBench(): Promise<void> {
  const rows: BenchRow[] = [];
  const single = await enqueueSingly();
  rows.push({ name: `enqueue singly (${SINGLE.toLocaleString('en-US')} jobs, synchronous=FULL each)`, value: single, unit: 'jobs/s' });
  const batched = await enqueueInBatches();
  rows.push({
    name: `enqueue in batches of ${BATCH_SIZE} (${BATCHED.toLocaleString('en-US')} jobs)`,
    value: batched,
    unit: 'jobs/s',
    target: '>= 100,000',
    met: batched >= 100_000,
  });
  for (const concurrency of [1, 8]) {
    const processed = await processNoOps(concurrency);
    rows.push({
      name: `process no-op jobs, concurrency ${concurrency} (${PROCESSED.toLocaleString('en-US')} jobs)`,
      value: processed,
      unit: 'jobs/s',
      target: '>= 20,000',
      met: processed >= 20_000,
    });
  }
  report('queue', rows);
}
