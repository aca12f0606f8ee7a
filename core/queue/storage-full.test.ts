import { afterEach, describe, expect, it } from 'vitest';
import { settle } from '../testing/manual-clock.js';
import { fillTheDisk, freeTheDisk } from '../testing/disk-full.js';
import { makeQueue, type QueueFixture } from '../testing/queue-fixture.js';

let fixture: QueueFixture;
afterEach(() => fixture?.dispose());


describe('a full disk', () => {
  it('holds every lane without losing an outcome, says so in the sync status, and resumes by itself when space is freed', async () => {
    const sent: number[] = [];
    fixture = makeQueue({
      // Each result needs new pages to store: with the disk full, no outcome can be written.
      send: async (payload) => {
        sent.push(payload as number);
        return 'x'.repeat(4_000);
      },
    }, { lanes: [{ name: 'test', concurrency: 1, prefetch: 0 }] });
    fixture.enqueue(Array.from({ length: 20 }, (_, i) => ({ type: 'send', payload: i })));
    fillTheDisk(fixture.db);
    fixture.queue.start();
    await fixture.clock.advance(10_000);

    const status = fixture.queue.status();
    expect(status.storage).toMatchObject({ state: 'full', message: expect.stringContaining('The disk holding the data folder is full') });
    const doneWhileFull = fixture.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE status = 'done'").get() as { n: number };
    // The job it had claimed was sent; its outcome waits in memory, and nothing more starts.
    expect(sent).toEqual([0]);
    const sentWhileFull = sent.length;
    await fixture.clock.advance(60_000);
    expect(sent).toHaveLength(sentWhileFull);

    freeTheDisk(fixture.db);
    await fixture.clock.advance(31_000);
    await settle();
    expect(fixture.queue.status().storage.state).toBe('ok');
    const rows = fixture.db.prepare('SELECT status, attempts FROM jobs').all() as { status: string; attempts: number }[];
    expect(rows.every((row) => row.status === 'done' && row.attempts === 1)).toBe(true);
    // Every job sent once: the outcomes held in memory were written, none re-sent.
    expect([...sent].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(doneWhileFull.n).toBeLessThan(20);
  });

  it("gives back the attempt of a job whose own write met the full disk, and sends it again only once there is space", async () => {
    const runs: number[] = [];
    fixture = makeQueue(
      {
        // Like a rate push that records what it sent before polling for the result.
        send: async (payload) => {
          runs.push(fixture.clock.now());
          fixture.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(`sent-${runs.length}`, JSON.stringify('x'.repeat(8_000)));
          return payload;
        },
      },
      { lanes: [{ name: 'test', concurrency: 1, prefetch: 0 }] },
    );
    fixture.enqueue({ type: 'send', payload: 1 });
    fillTheDisk(fixture.db);
    fixture.queue.start();
    await fixture.clock.advance(20_000);
    // Sent once, then held: not sent again and again while the disk stays full.
    expect(runs).toHaveLength(1);
    expect(fixture.queue.status().storage.state).toBe('full');
    expect(fixture.db.prepare('SELECT status, attempts FROM jobs').get()).toEqual({ status: 'queued', attempts: 0 });

    freeTheDisk(fixture.db);
    await fixture.clock.advance(31_000);
    await settle();
    expect(fixture.queue.status().storage.state).toBe('ok');
    expect(runs).toHaveLength(2);
    expect(fixture.db.prepare('SELECT status, attempts FROM jobs').get()).toEqual({ status: 'done', attempts: 1 });
  });
});
