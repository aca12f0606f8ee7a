import { afterEach, describe, expect, it } from 'vitest';
import { makeQueue, type QueueFixture } from '../testing/queue-fixture.js';

let fixture: QueueFixture;
afterEach(() => fixture?.dispose());

const left = () => (fixture.db.prepare('SELECT COUNT(*) AS n FROM jobs').get() as { n: number }).n;

describe('retention', () => {
  it('prunes a long history in chunks off the start path, letting the event loop run between them', async () => {
    fixture = makeQueue({ noop: async () => null }, { retainFinishedMs: 3_600_000, sweepMs: 48 * 3_600_000 });
    const old = fixture.clock.now() - 2 * 3_600_000;
    const insert = fixture.db.prepare(
      "INSERT INTO jobs (lane, type, payload, status, run_at, created_at, updated_at, finished_at) VALUES ('test', 'noop', '{}', 'done', ?, ?, ?, ?)",
    );
    fixture.db.transaction(() => {
      for (let i = 0; i < 1_200; i += 1) insert.run(old, old, old, old);
    })();
    fixture.queue.start();
    // start() returned with the history still there: pruning has not held it up.
    expect(left()).toBe(1_200);
    await new Promise((resolve) => setImmediate(resolve));
    const afterOneTurn = left();
    expect(afterOneTurn).toBeGreaterThan(0);
    expect(afterOneTurn).toBeLessThan(1_200);
    // The same pruning run, awaited: done once every chunk is.
    expect(await fixture.queue.sweep()).toBeGreaterThanOrEqual(0);
    await new Promise((resolve) => setImmediate(resolve));
    await fixture.queue.sweep();
    expect(left()).toBe(0);
  });
});
