import { join } from 'node:path';
import { z } from 'zod';
import { silentLogger } from '../logger.js';
import type { JobContext } from '../queue/job-context.js';
import { defineJobKind, newJob, workerFor, type JobKind, type JobOptions, type JobWorker } from '../queue/job-kind.js';
import type { LaneConfig } from '../queue/lane-runner.js';
import { createQueue, type EnqueueResult, type QueueOptions } from '../queue/queue.js';
import { openStore, type Db } from '../store/database.js';
import { ManualClock } from './manual-clock.js';
import { makeTempDir } from './temp-dir.js';

export type TestHandler = (payload: unknown, context: JobContext) => Promise<unknown>;

/** A test's job: its type names one of the fixture's kinds; `lane`, when given, must be that kind's. */
export interface TestJob extends JobOptions {
  lane?: string;
  type: string;
  payload?: unknown;
}

/** A kind that takes any payload, for tests of the queue itself. */
export function testKind(type: string, lane: string, noun: readonly [string, string] = [`${type} job`, `${type} jobs`]): JobKind<unknown> {
  return defineJobKind({ type, lane, payload: z.unknown(), summarize: () => `Test · ${type}`, noun });
}

/** Workers for test handlers, each on the lane `lanes[type]` names (or `defaultLane`), in words `nouns[type]`. */
export function testWorkers(
  handlers: Record<string, TestHandler>,
  defaultLane: string,
  lanes: Record<string, string> = {},
  nouns: Record<string, readonly [string, string]> = {},
): JobWorker[] {
  return Object.entries(handlers).map(([type, run]) => workerFor(testKind(type, lanes[type] ?? defaultLane, nouns[type]), run));
}

export interface QueueFixture {
  db: Db;
  clock: ManualClock;
  queue: ReturnType<typeof createQueue>;
  dbPath: string;
  /** Enqueues test jobs by type (through the queue's own checks). */
  enqueue(jobs: TestJob | TestJob[]): EnqueueResult[];
  /** Stops the queue (if started), closes the database, removes the folder. */
  dispose(): Promise<void>;
  /** The jobs row with this id, straight from SQLite. */
  row(id: number): Record<string, unknown> & { status: string; attempts: number };
}

/**
 * A queue on a real SQLite file in a temp folder, with a manual clock. Each handler is a job
 * kind of its own name, on the first lane unless `kindLanes` says otherwise.
 */
export function makeQueue(
  handlers: Record<string, TestHandler>,
  options: {
    lanes?: LaneConfig[];
    clock?: ManualClock;
    dir?: string;
    kindLanes?: Record<string, string>;
    kindNouns?: Record<string, readonly [string, string]>;
  } & Partial<Omit<QueueOptions, 'workers'>> = {},
): QueueFixture {
  const temp = options.dir ? null : makeTempDir();
  const dir = options.dir ?? temp!.path;
  const dbPath = join(dir, 'queue.db');
  const db = openStore({ path: dbPath });
  const clock = options.clock ?? new ManualClock();
  const lanes = options.lanes ?? [{ name: 'test', concurrency: 1 }];
  const workers = testWorkers(handlers, lanes[0]!.name, options.kindLanes, options.kindNouns);
  const kinds = new Map(workers.map((worker) => [worker.kind.type, worker.kind]));
  const queue = createQueue({
    db,
    clock,
    logger: silentLogger,
    lanes,
    workers,
    stopGraceMs: options.stopGraceMs ?? 100,
    ...(options.sweepMs ? { sweepMs: options.sweepMs } : {}),
    ...(options.retainFinishedMs ? { retainFinishedMs: options.retainFinishedMs } : {}),
  });
  let disposed = false;
  return {
    db,
    clock,
    queue,
    dbPath,
    enqueue(jobs) {
      const list = Array.isArray(jobs) ? jobs : [jobs];
      return queue.enqueue(
        list.map(({ lane, type, payload, ...jobOptions }) => {
          const kind = kinds.get(type) ?? testKind(type, lane ?? lanes[0]!.name);
          if (lane !== undefined && lane !== kind.lane) throw new Error(`test job "${type}" runs on lane ${kind.lane}, not ${lane}`);
          return newJob(kind, payload ?? null, jobOptions);
        }),
      );
    },
    row: (id) => db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as QueueFixture['row'] extends (id: number) => infer R ? R : never,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await queue.stop();
      db.close();
      temp?.remove();
    },
  };
}
