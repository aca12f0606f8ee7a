/**
 * Our queue side by side with BullMQ on a local Redis and graphile-worker on a local PostgreSQL
 * (SPEC §8), in one run and with the same N for all: jobs/s enqueued in batches of 1,000 (each
 * job with a unique key) and no-op jobs/s processed at concurrency 1 and 8, as throughput and
 * as a ratio to ours, with each system's durability in the table. The servers are started here
 * (bench/local-services.ts) and removed after; a system whose binary is missing is skipped with
 * a row saying so.
 */
import { Queue, Worker } from 'bullmq';
import { Logger, makeWorkerUtils, run, type WorkerEvents } from 'graphile-worker';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { report, type BenchRow } from './report.js';
import { BATCH_SIZE, BATCHED, enqueueInBatches, PROCESSED, processNoOps } from './queue.js';
import { startPostgres, startRedis, type LocalPostgres, type LocalRedis, type Started } from './local-services.js';

/** bench/queue.ts's N, the same for every system (the slowest, graphile-worker at concurrency 1, takes under a minute). */
const ENQUEUED = BATCHED;
const CONCURRENCIES = [1, 8] as const;

interface Throughput {
  enqueue: number;
  /** Jobs/s processed, by concurrency. */
  process: Record<(typeof CONCURRENCIES)[number], number>;
}

const keyOf = (i: number) => `bench-${i}`;
const seconds = (since: number) => (performance.now() - since) / 1000;

/** A package's version, from its package.json (beside the folder its entry point is in, or above). */
function packageVersion(name: string): string {
  const require = createRequire(import.meta.url);
  for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name) return manifest.version ?? '?';
    } catch {
      // no package.json here
    }
  }
  return '?';
}

async function ours(): Promise<Throughput> {
  const enqueue = await enqueueInBatches(ENQUEUED);
  return { enqueue, process: { 1: await processNoOps(1, PROCESSED), 8: await processNoOps(8, PROCESSED) } };
}

/** BullMQ as documented: `addBulk` with a custom jobId (its de-duplication key), completed jobs kept (its default). */
async function bullmq(redis: LocalRedis): Promise<Throughput> {
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
  const addAll = async (queue: Queue, jobs: number) => {
    for (let i = 0; i < jobs; i += BATCH_SIZE) {
      await queue.addBulk(Array.from({ length: BATCH_SIZE }, (_, j) => ({ name: 'noop', data: { i: i + j }, opts: { jobId: keyOf(i + j) } })));
    }
  };
  const withQueue = async <T>(name: string, fn: (queue: Queue) => Promise<T>): Promise<T> => {
    const queue = new Queue(name, { connection });
    await queue.waitUntilReady();
    try {
      return await fn(queue);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  };
  const enqueue = await withQueue('bench-enqueue', async (queue) => {
    const started = performance.now();
    await addAll(queue, ENQUEUED);
    return ENQUEUED / seconds(started);
  });
  const processAt = (concurrency: number) =>
    withQueue(`bench-process-${concurrency}`, async (queue) => {
      await addAll(queue, PROCESSED);
      const worker = new Worker(queue.name, async () => null, { connection, concurrency, autorun: false });
      try {
        const finished = new Promise<void>((resolve, reject) => {
          let done = 0;
          worker.on('completed', () => ++done === PROCESSED && resolve());
          worker.on('failed', (_job, error) => reject(error));
        });
        const started = performance.now();
        void worker.run();
        await finished;
        return PROCESSED / seconds(started);
      } finally {
        await worker.close();
      }
    });
  return { enqueue, process: { 1: await processAt(1), 8: await processAt(8) } };
}

/** graphile-worker as documented: `addJobs` with a jobKey, a task list with one no-op task; it deletes a job once done. */
async function graphileWorker(pg: LocalPostgres): Promise<Throughput> {
  const logger = new Logger(() => () => {});
  // A schema of its own per measure, so each starts empty.
  const withUtils = async <T>(schema: string, fn: (utils: Awaited<ReturnType<typeof makeWorkerUtils>>) => Promise<T>): Promise<T> => {
    const utils = await makeWorkerUtils({ connectionString: pg.url, schema, logger });
    try {
      await utils.migrate();
      return await fn(utils);
    } finally {
      await utils.release();
    }
  };
  const addAll = async (utils: Awaited<ReturnType<typeof makeWorkerUtils>>, jobs: number) => {
    for (let i = 0; i < jobs; i += BATCH_SIZE) {
      await utils.addJobs(Array.from({ length: BATCH_SIZE }, (_, j) => ({ identifier: 'noop', payload: { i: i + j }, jobKey: keyOf(i + j) })));
    }
  };
  const enqueue = await withUtils('bench_enqueue', async (utils) => {
    const started = performance.now();
    await addAll(utils, ENQUEUED);
    return ENQUEUED / seconds(started);
  });
  const processAt = async (concurrency: number) => {
    const schema = `bench_process_${concurrency}`;
    await withUtils(schema, (utils) => addAll(utils, PROCESSED));
    const events = new EventEmitter() as WorkerEvents;
    const finished = new Promise<void>((resolve, reject) => {
      let done = 0;
      events.on('job:success', () => ++done === PROCESSED && resolve());
      events.on('job:error', ({ error }) => reject(error));
    });
    const started = performance.now();
    const runner = await run({
      connectionString: pg.url,
      schema,
      concurrency,
      maxPoolSize: concurrency + 2,
      logger,
      events,
      noHandleSignals: true,
      crontab: '',
      taskList: { noop: async () => {} },
    });
    try {
      await finished;
      return PROCESSED / seconds(started);
    } finally {
      await runner.stop();
    }
  };
  return { enqueue, process: { 1: await processAt(1), 8: await processAt(8) } };
}

const n = (value: number) => value.toLocaleString('en-US');

function rowsOf(label: string, durability: string, result: Throughput, baseline?: Throughput): BenchRow[] {
  const rows: BenchRow[] = [{ name: `${label}: durability: ${durability}`, value: null, unit: '' }];
  const ratio = (value: number, base: number | undefined): BenchRow[] =>
    base === undefined ? [] : [{ name: `${label}: the same, ratio to ours`, value: value / base, unit: '× ours' }];
  rows.push({ name: `${label}: enqueue in batches of ${n(BATCH_SIZE)} (${n(ENQUEUED)} jobs)`, value: result.enqueue, unit: 'jobs/s' });
  rows.push(...ratio(result.enqueue, baseline?.enqueue));
  for (const concurrency of CONCURRENCIES) {
    rows.push({ name: `${label}: process no-op jobs, concurrency ${concurrency} (${n(PROCESSED)} jobs)`, value: result.process[concurrency], unit: 'jobs/s' });
    rows.push(...ratio(result.process[concurrency], baseline?.process[concurrency]));
  }
  return rows;
}

/** Starts a server, measures on it, stops it whatever happens; a row saying why when it cannot. */
async function against<S extends { version: string; durability: string; stop(): Promise<void> }>(
  label: (server: S | null) => string,
  start: () => Promise<Started<S>>,
  measure: (server: S) => Promise<Throughput>,
  baseline: Throughput,
): Promise<BenchRow[]> {
  const started = await start();
  if (!started.ok) return [{ name: `${label(null)}: not measured, ${started.reason}`, value: null, unit: '' }];
  try {
    return rowsOf(label(started.server), started.server.durability, await measure(started.server), baseline);
  } finally {
    await started.server.stop();
  }
}

export async function runCompareBench(): Promise<void> {
  const memory = new Database(':memory:');
  const sqlite = (memory.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  memory.close();
  const baseline = await ours();
  const rows = rowsOf(
    `ours (SQLite ${sqlite})`,
    'WAL; each enqueue batch one synchronous=FULL commit, claims and outcomes synchronous=NORMAL; finished jobs kept 7 days',
    baseline,
  );
  const bull = `BullMQ ${packageVersion('bullmq')}`;
  for (const mode of ['default', 'aof-always'] as const) {
    const label = (redis: LocalRedis | null) => `${bull} on Redis${redis ? ` ${redis.version}` : ''}${mode === 'default' ? '' : ' (AOF always)'}`;
    rows.push(...(await against(label, () => startRedis(mode), bullmq, baseline)));
  }
  const graphile = `graphile-worker ${packageVersion('graphile-worker')}`;
  const label = (pg: LocalPostgres | null) => `${graphile} on PostgreSQL${pg ? ` ${pg.version}` : ''}`;
  rows.push(...(await against(label, startPostgres, graphileWorker, baseline)));
  report('compare', rows);
}
