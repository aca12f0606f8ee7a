import { afterEach, describe, expect, it } from 'vitest';
import { settle } from '../testing/manual-clock.js';
import { makeQueue, type QueueFixture } from '../testing/queue-fixture.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { RemoteError } from './remote-error.js';

let fixture: QueueFixture;
afterEach(() => fixture?.dispose());

const jobs = (n: number, type = 'send') => Array.from({ length: n }, (_, i) => ({ lane: 'test', type, payload: i }));

describe('lanes', () => {
  it('count every request a job sends against the published limit, not just its first', async () => {
    const requestAt: number[] = [];
    // What a connector does before each HTTP request (see remote-call.ts).
    const request = async () => {
      await fixture.queue.acquireRequest('test');
      requestAt.push(fixture.clock.now());
    };
    fixture = makeQueue(
      {
        // Like a push that then polls for its result twice.
        send: async () => {
          for (let call = 0; call < 3; call += 1) await request();
        },
      },
      { lanes: [{ name: 'test', concurrency: 4, limit: { requests: 2, windowMs: 1_000 }, marginMs: 0 }] },
    );
    const start = fixture.clock.now();
    fixture.queue.start();
    fixture.enqueue(jobs(4));
    await fixture.clock.advance(10_000);
    expect(requestAt).toHaveLength(12);
    for (const from of requestAt) {
      expect(requestAt.filter((at) => at >= from && at < from + 1_000).length).toBeLessThanOrEqual(2);
    }
    // Two a second, the whole limit at once: the 12th request goes 5 s after the first, not sooner, not later.
    expect(Math.max(...requestAt) - start).toBe(5_000);
  });

  it('send nothing for the quiet start after a (re)start, then the whole limit at once', async () => {
    const requestAt: number[] = [];
    fixture = makeQueue(
      {
        send: async () => {
          await fixture.queue.acquireRequest('test');
          requestAt.push(fixture.clock.now());
        },
      },
      { lanes: [{ name: 'test', concurrency: 3, limit: { requests: 3, windowMs: 1_000 }, marginMs: 0, quietAtStartMs: 1_000 }] },
    );
    const start = fixture.clock.now();
    fixture.enqueue(jobs(3));
    fixture.queue.start();
    await fixture.clock.advance(999);
    expect(requestAt).toEqual([]);
    await fixture.clock.advance(1);
    expect(requestAt).toEqual([start + 1_000, start + 1_000, start + 1_000]);
  });

  /** A started queue with one lane of `requests` a second, and when each of its jobs was sent. */
  function budgetedLane(requests: number) {
    const sentAt: number[] = [];
    fixture = makeQueue(
      { send: async () => void sentAt.push(fixture.clock.now()) },
      { lanes: [{ name: 'test', concurrency: 1, limit: { requests, windowMs: 1_000 } }] },
    );
    const start = fixture.clock.now();
    fixture.queue.start();
    return { sentAt, start };
  }

  it('wait for the window to reset when the remote system says its budget is almost spent, and not before', async () => {
    const { sentAt, start } = budgetedLane(1);
    // Plenty left: nothing changes.
    fixture.queue.reportBudget('test', { remaining: 40, resetsInMs: 120_000, cost: 1 });
    fixture.enqueue(jobs(1));
    await fixture.clock.advance(1_000);
    expect(sentAt).toEqual([start]);
    // One credit left of a call that costs one: wait the 60 s the remote system named.
    fixture.queue.reportBudget('test', { remaining: 1, resetsInMs: 60_000, cost: 1 });
    fixture.enqueue(jobs(1));
    await fixture.clock.advance(59_000);
    expect(sentAt).toHaveLength(1);
    await fixture.clock.advance(2_000);
    expect(sentAt).toHaveLength(2);
    expect(sentAt[1]! - start).toBeGreaterThanOrEqual(61_000);
  });

  it('keeps sending everyday calls after one big request spent much of the budget, and waits once little is left', async () => {
    const { sentAt, start } = budgetedLane(10);
    // A year of availability cost 52 credits and left 45: a booking (2 or 3) still goes at once.
    fixture.queue.reportBudget('test', { remaining: 45, resetsInMs: 300_000, cost: 52 });
    fixture.enqueue(jobs(1));
    await fixture.clock.advance(1);
    expect(sentAt).toEqual([start]);
    // Nine left after another big one: wait for the window the remote system named.
    fixture.queue.reportBudget('test', { remaining: 9, resetsInMs: 300_000, cost: 52 });
    fixture.enqueue(jobs(1));
    await fixture.clock.advance(299_000);
    expect(sentAt).toHaveLength(1);
    await fixture.clock.advance(2_000);
    expect(sentAt).toHaveLength(2);
  });

  it('never sends more requests than the rate limit allows, even when a 429 storm hits', async () => {
    const sentAt: number[] = [];
    const requestAt: number[] = [];
    let calls = 0;
    fixture = makeQueue(
      {
        send: async () => {
          await fixture.queue.acquireRequest('test');
          calls += 1;
          requestAt.push(fixture.clock.now());
          // Every fifth call the remote system says slow down.
          if (calls % 5 === 0) throw new RemoteError('rate_limited', 'slow down', { retryAfterMs: 1_000 });
          sentAt.push(fixture.clock.now());
        },
      },
      { lanes: [{ name: 'test', concurrency: 8, limit: { requests: 5, windowMs: 1_000 }, marginMs: 0 }] },
    );
    const start = fixture.clock.now();
    fixture.queue.start();
    fixture.enqueue(jobs(60));
    await fixture.clock.advance(30_000);
    expect(sentAt).toHaveLength(60);
    // Any window of a second holds at most the 5 the limit allows, retries of the 429s included.
    for (const from of requestAt) {
      const inWindow = requestAt.filter((at) => at >= from && at < from + 1_000).length;
      expect(inWindow).toBeLessThanOrEqual(5);
    }
    const seconds = (Math.max(...sentAt) - start) / 1000;
    expect(calls).toBeLessThanOrEqual(5 * Math.ceil(seconds + 1));
  });

  it('runs at most `concurrency` jobs of a lane at once', async () => {
    let running = 0;
    let most = 0;
    const waiting: (() => void)[] = [];
    fixture = makeQueue(
      {
        send: async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise<void>((resolve) => waiting.push(resolve));
          running -= 1;
        },
      },
      { lanes: [{ name: 'test', concurrency: 3 }] },
    );
    fixture.queue.start();
    fixture.enqueue(jobs(30));
    for (let round = 0; round < 10; round += 1) {
      await settle();
      expect(running).toBe(3);
      waiting.splice(0).forEach((release) => release());
    }
    await settle();
    expect(fixture.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE status = 'done'").get()).toEqual({ n: 30 });
    expect(most).toBe(3);
  });

  it('pauses and resumes one lane without touching the others', async () => {
    const sent: string[] = [];
    fixture = makeQueue(
      { send: async (payload) => sent.push(payload as string), sendOther: async (payload) => sent.push(payload as string) },
      { lanes: [{ name: 'test', concurrency: 1 }, { name: 'other', concurrency: 1 }], kindLanes: { sendOther: 'other' } },
    );
    fixture.queue.start();
    fixture.queue.pause('test');
    fixture.enqueue([
      { lane: 'test', type: 'send', payload: 'a' },
      { lane: 'other', type: 'sendOther', payload: 'b' },
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

  it('resumes every lane with "Resume all", those paused on their own too', async () => {
    const sent: string[] = [];
    fixture = makeQueue(
      { send: async (payload) => sent.push(payload as string), sendOther: async (payload) => sent.push(payload as string) },
      { lanes: [{ name: 'test', concurrency: 1 }, { name: 'other', concurrency: 1 }], kindLanes: { sendOther: 'other' } },
    );
    fixture.queue.start();
    fixture.queue.pause('test');
    fixture.queue.pause();
    fixture.enqueue([
      { type: 'send', payload: 'a' },
      { type: 'sendOther', payload: 'b' },
    ]);
    await settle();
    expect(sent).toEqual([]);
    const status = fixture.queue.resume();
    expect(status.paused).toBe(false);
    expect(status.lanes.map((lane) => lane.state)).toEqual(['online', 'online']);
    await settle();
    expect(sent.sort()).toEqual(['a', 'b']);
    expect(fixture.db.prepare('SELECT name, paused FROM lanes ORDER BY name').all()).toEqual([
      { name: 'other', paused: 0 },
      { name: 'test', paused: 0 },
    ]);
  });

  it('pauses all sync at once, and the pause survives a restart', async () => {
    const dir = makeTempDir();
    const sent: unknown[] = [];
    try {
      fixture = makeQueue({ send: async (payload) => sent.push(payload) }, { dir: dir.path });
      fixture.queue.start();
      fixture.queue.pause();
      fixture.enqueue(jobs(3));
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
        send: async () => fixture.queue.acquireRequest('test'),
        reject: async () => {
          await fixture.queue.acquireRequest('test');
          throw new RemoteError('validation', 'no');
        },
      },
      { lanes: [{ name: 'test', concurrency: 1, limit: { requests: 5, windowMs: 1_000 }, marginMs: 0 }] },
    );
    fixture.queue.start();
    fixture.enqueue([...jobs(2), { lane: 'test', type: 'reject', payload: null }]);
    await settle();
    const [lane] = fixture.queue.status().lanes;
    expect(lane).toMatchObject({
      lane: 'test',
      displayName: 'test',
      jobKinds: ['send jobs', 'reject jobs'],
      state: 'online',
      depth: { queued: 0, sending: 0, failed: 1 },
      lastError: 'no',
      rateLimit: { requests: 5, windowMs: 1_000, unit: 'requests' },
      // Three of the five requests a second were spent just now.
      rateHeadroom: 2,
    });
    expect(lane!.lastSuccessAt).toBe(new Date(fixture.clock.now()).toISOString());
    await fixture.clock.advance(1_000);
    expect(fixture.queue.status().lanes[0]!.rateHeadroom).toBe(5);
  });
});
