import { join } from 'node:path';
import { silentLogger } from '../logger.js';
import type { JobHandler, LaneConfig } from '../queue/lane-runner.js';
import { createQueue, type QueueOptions } from '../queue/queue.js';
import { openStore, type Db } from '../store/database.js';
import { ManualClock } from './manual-clock.js';
import { makeTempDir } from './temp-dir.js';

export interface QueueFixture {
  db: Db;
  clock: ManualClock;
  queue: ReturnType<typeof createQueue>;
  dbPath: string;
  /** Stops the queue (if started), closes the database, removes the folder. */
  dispose(): Promise<void>;
  /** The jobs row with this id, straight from SQLite. */
  row(id: number): Record<string, unknown> & { status: string; attempts: number };
}

/** A queue on a real SQLite file in a temp folder, with a manual clock. */
export function makeQueue(
  handlers: Record<string, JobHandler>,
  options: { lanes?: LaneConfig[]; clock?: ManualClock; dir?: string } & Partial<QueueOptions> = {},
): QueueFixture {
  const temp = options.dir ? null : makeTempDir();
  const dir = options.dir ?? temp!.path;
  const dbPath = join(dir, 'queue.db');
  const db = openStore({ path: dbPath });
  const clock = options.clock ?? new ManualClock();
  const queue = createQueue({
    db,
    clock,
    logger: silentLogger,
    lanes: options.lanes ?? [{ name: 'test', concurrency: 1 }],
    handlers,
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
