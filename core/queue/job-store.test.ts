import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../store/database.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { createJobStore } from './job-store.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function openJobStore(): { db: Db; store: ReturnType<typeof createJobStore> } {
  const dir = makeTempDir();
  const db = openStore({ path: join(dir.path, 'queue.db') });
  cleanup = () => {
    db.close();
    dir.remove();
  };
  return { db, store: createJobStore(db) };
}

describe('job store', () => {
  it('claims the most urgent jobs and returns each row exactly as the table now holds it', () => {
    const { db, store } = openJobStore();
    db.transaction(() =>
      store.insertMany(
        [
          { lane: 'test', type: 'a', payload: { n: 1 }, idempotencyKey: 'k1', orderingKey: 'o1', coalesceKey: 'c1' },
          { lane: 'test', type: 'b', payload: { n: 2 }, priority: 5, maxAttempts: 3 },
          { lane: 'test', type: 'c', payload: null, runAt: 500 },
          { lane: 'other', type: 'd', payload: {} },
        ],
        1_000,
      ),
    )();
    const claimed = db.transaction(() => store.claim('test', 10, 'worker-1', 60_000, 2_000))();
    expect(claimed.map((row) => row.type)).toEqual(['b', 'c', 'a']);
    const byId = db.prepare('SELECT * FROM jobs WHERE id = ?');
    for (const row of claimed) expect(row).toEqual(byId.get(row.id));
    expect(claimed[0]).toMatchObject({ status: 'sending', attempts: 1, lease_owner: 'worker-1', lease_expires_at: 62_000, leased_at: 2_000 });
  });

  it('prunes finished jobs without a scan of the table per pruned job', () => {
    const { db, store } = openJobStore();
    const specs = Array.from({ length: 300 }, (_, i) => ({ lane: 'test', type: 'a', payload: i, coalesceKey: `c${i % 100}` }));
    db.transaction(() => store.insertMany(specs, 1_000))();
    db.prepare("UPDATE jobs SET status = 'done', finished_at = 1000 WHERE status = 'queued'").run();
    // Deleting a job clears superseded_by where other jobs point at it (the foreign key).
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN DELETE FROM jobs WHERE id IN (SELECT id FROM jobs
        WHERE status IN ('done', 'cancelled') AND finished_at < @before ORDER BY finished_at LIMIT @limit)`)
      .all({ before: 2_000, limit: 1_000 });
    expect((plan as { detail: string }[]).filter((step) => step.detail.startsWith('SCAN'))).toEqual([]);
    expect(store.pruneFinished(2_000, 120)).toBe(120);
    expect(store.pruneFinished(2_000, 1_000)).toBe(180);
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 0 });
  });
});
