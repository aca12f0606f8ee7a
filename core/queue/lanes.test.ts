import { afterEach, describe, expect, it } from 'vitest';
import { settle } from '../testing/manual-clock.js';
import { makeQueue, type QueueFixture } from '../testing/queue-fixture.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { RemoteError } from './remote-error.js';

let fixture: QueueFixture;
afterEach(() => fixture?.dispose());

const jobs = (n: number, type = 'send') => Array.from({ length: n }, (_, i) => ({ lane: 'test', type, payload: i }));

describe('lanes', () => {
  it('count every request a job sends against the rate limit, not just its first', async () => {
    const requestAt: number[] = [];
    fixture = makeQueue(
      {
        // Like a push that then polls for its result twice.
        send: async (_payload, context) => {
          requestAt.push(fixture.clock.now());
          for (let poll = 0; poll < 2; poll += 1) {
            await context.spendRequest();
            requestAt.push(fixture.clock.now());
          }
        },
      },
      { lanes: [{ name: 'test', concurrency: 4, rateLimit: { perSecond: 2, burst: 1 } }] },
    );
    const start = fixture.clock.now();
    fixture.queue.start();
    fixture.queue.enqueue(jobs(4));
    await fixture.clock.advance(10_000);
    expect(requestAt).toHaveLength(12);
    for (const from of requestAt) {
      expect(requestAt.filter((at) => at >= from && at < from + 1_000).length).toBeLessThanOrEqual(1 + 2);
    }
    expect(Math.max(...requestAt) - start).toBeGreaterThanOrEqual(5_500);
  });

  it('wait for the window to reset when the remote system says its budget is almost spent, and not before', async () => {
    const sentAt: number[] = [];
    fixture = makeQueue(
      { send: async () => void sentAt.push(fixture.clock.now()) },
      { lanes: [{ name: 'test', concurrency: 1, rateLimit: { perSecond: 1, burst: 1 } }] },
    );
    const start = fixture.clock.now();
    fixture.queue.start();
    // Plenty left: nothing changes.
    fixture.queue.reportBudget('test', { remaining: 40, resetsInMs: 120_000, cost: 1 });
    fixture.queue.enqueue(jobs(1));
    await fixture.clock.advance(1_000);
    expect(sentAt).toEqual([start]);
    // One credit left of a call that costs one: wait the 60 s the remote system named.
    fixture.queue.reportBudget('test', { remaining: 1, resetsInMs: 60_000, cost: 1 });
    fixture.queue.enqueue(jobs(1));
    await fixture.clock.advance(59_000);
    expect(sentAt).toHaveLength(1);
    await fixture.clock.advance(2_000);
    expect(sentAt).toHaveLength(2);
    expect(sentAt[1]! - start).toBeGreaterThanOrEqual(61_000);
  });

  it('never sends more requests than the rate limit allows, even when a 429 storm hits', async () => {
    const sentAt: number[] = [];
    const requestAt: number[] = [];
    let calls = 0;
    fixture = makeQueue(
      {
        send: async () => {
          calls += 1;
          requestAt.push(fixture.clock.now());
          // Every fifth call the remote system says slow down.
          if (calls % 5 === 0) throw new RemoteError('rate_limited', 'slow down', { retryAfterMs: 1_000 });
          sentAt.push(fixture.clock.now());
        },
      },
      { lanes: [{ name: 'test', concurrency: 8, rateLimit: { perSecond: 5, burst: 5 } }] },
    );
    const start = fixture.clock.now();
    fixture.queue.start();
    fixture.queue.enqueue(jobs(60));
    await fixture.clock.advance(30_000);
    expect(sentAt).toHaveLength(60);
    // Any window of t seconds holds at most burst + 5·t requests.
    for (const from of requestAt) {
      const inWindow = requestAt.filter((at) => at >= from && at < from + 1_000).length;
      expect(inWindow).toBeLessThanOrEqual(5 + 5);
    }
    const seconds = (Math.max(...sentAt) - start) / 1000;
    expect(calls).toBeLessThanOrEqual(5 + 5 * Math.ceil(seconds));
  });

  it('runs at most `concurrency` jobs of a lane at once', async () => {
    let running = 0;
    let most = 0;
    fixture = makeQueue(
      {
        send: async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 2));
          running -= 1;
        },
      },
      { lanes: [{ name: 'test', concurrency: 3 }] },
    );
    fixture.queue.start();
    fixture.queue.enqueue(jobs(30));
    await expect.poll(() => fixture.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE status = 'done'").get(), { timeout: 5_000 }).toEqual({ n: 30 });
    expect(most).toBe(3);
  });

  it('pauses and resumes one lane without touching the others', async () => {
    const sent: string[] = [];
    fixture = makeQueue(
      { send: async (payload) => sent.push(payload as string) },
      { lanes: [{ name: 'test', concurrency: 1 }, { name: 'other', concurrency: 1 }] },
    );
    fixture.queue.start();
    fixture.queue.pause('test');
    fixture.queue.enqueue([
      { lane: 'test', type: 'send', payload: 'a' },
      { lane: 'other', type: 'send', payload: 'b' },
    ]);
    await settle();
    expect(sent).toEqual(['b']);
    expect(fixture.queue.status().lanes.map((lane) => [lane.lane, lane.state, lane.depth.queued])).toEqual([
      ['test', 'paused', 1],
      ['other', 'online', 0],
    ]);
    fixture.queue.resume('test');
    await settle();
    expect(sent).toEqual(['b', 'a']);
  });

  it('pauses all sync at once, and the pause survives a restart', async () => {
    const dir = makeTempDir();
    const sent: unknown[] = [];
    try {
      fixture = makeQueue({ send: async (payload) => sent.push(payload) }, { dir: dir.path });
      fixture.queue.start();
      fixture.queue.pause();
      fixture.queue.enqueue(jobs(3));
      await settle();
      expect(sent).toEqual([]);
      await fixture.dispose();

      fixture = makeQueue({ send: async (payload) => sent.push(payload) }, { dir: dir.path });
      fixture.queue.start();
      await settle();
      expect(fixture.queue.status().paused).toBe(true);
      expect(sent).toEqual([]);
      fixture.queue.resume();
      await settle();
      expect(sent).toEqual([0, 1, 2]);
    } finally {
      await fixture.dispose();
      dir.remove();
    }
  });

  it('reports depth, last success and rate-limit headroom per lane', async () => {
    fixture = makeQueue(
      {
        send: async () => null,
        reject: async () => {
          throw new RemoteError('validation', 'no');
        },
      },
      { lanes: [{ name: 'test', concurrency: 1, rateLimit: { perSecond: 5, burst: 5 } }] },
    );
    fixture.queue.start();
    fixture.queue.enqueue([...jobs(2), { lane: 'test', type: 'reject', payload: null }]);
    await fixture.clock.advance(1_000);
    const [lane] = fixture.queue.status().lanes;
    expect(lane).toMatchObject({
      lane: 'test',
      state: 'online',
      depth: { queued: 0, sending: 0, failed: 1 },
      lastError: 'no',
      rateLimitPerSecond: 5,
    });
    expect(lane!.lastSuccessAt).not.toBeNull();
    expect(lane!.rateHeadroom).toBeGreaterThanOrEqual(0);
    expect(lane!.rateHeadroom).toBeLessThanOrEqual(5);
  });
});
