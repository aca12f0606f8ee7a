import { describe, expect, it } from 'vitest';
import { INTEGRATIONS } from '../integrations/index.js';
import { ManualClock, settle } from '../testing/manual-clock.js';
import { marginFor, RequestLimiter, type PublishedLimit } from './request-limiter.js';

/** Keeps a few requests always waiting for `windows` windows; returns when each was let go. */
async function greedySends(limit: PublishedLimit, marginMs: number, windows: number): Promise<number[]> {
  const clock = new ManualClock(0);
  const limiter = new RequestLimiter(limit, marginMs, clock);
  const sends: number[] = [];
  const end = windows * limit.windowMs;
  const issue = (): void =>
    void limiter.acquire().then(
      () => {
        sends.push(clock.now());
        if (clock.now() < end) issue();
      },
      // The ones still waiting when the run ends are refused by close().
      () => {},
    );
  for (let i = 0; i < 3; i += 1) issue();
  await clock.advance(end);
  limiter.close(new Error('done'));
  return sends.filter((at) => at < end);
}

/** The most arrivals within any window of the API's own length (sliding, half-open). */
function busiestWindow(arrivals: number[], windowMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last += 1) {
    while (sorted[first]! <= sorted[last]! - windowMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/**
 * The worst jitter the margin is meant to absorb: the first request of every other burst arrives
 * that much late, and the burst after it on time, so they crowd into one of the API's windows.
 */
const jittered = (sends: number[], requests: number, jitterMs: number) => sends.map((at, i) => (i % (2 * requests) === 0 ? at + jitterMs : at));

describe('the request limiter', () => {
  it('lets the whole limit go at once, and the next request exactly when the oldest leaves the window and its margin', async () => {
    const sends = await greedySends({ requests: 5, windowMs: 1_000 }, 25, 3);
    expect(sends.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 1_025, 1_025]);
    expect(sends).toHaveLength(15);
  });

  it.each(INTEGRATIONS.map((integration) => [integration.displayName, integration.lane.limit] as const))(
    'never lets more than the %s limit arrive in any of its windows, even jittered by the margin, and drains at no less than 95 in 100 of it',
    async (_name, limit) => {
      const margin = marginFor(limit);
      const windows = 20;
      const sends = await greedySends(limit, margin, windows);
      expect(busiestWindow(jittered(sends, limit.requests, margin), limit.windowMs)).toBeLessThanOrEqual(limit.requests);
      expect(sends.length).toBeGreaterThanOrEqual(0.95 * limit.requests * windows);
    },
  );

  it('lets the jitter through the limit without a margin (why the margin is there)', async () => {
    const limit = { requests: 5, windowMs: 1_000 };
    const sends = await greedySends(limit, 0, 5);
    expect(busiestWindow(jittered(sends, limit.requests, marginFor(limit)), limit.windowMs)).toBeGreaterThan(limit.requests);
  });

  it('counts a request from its answer once it comes, so a slow answer pushes the next window back', async () => {
    const clock = new ManualClock(0);
    const limiter = new RequestLimiter({ requests: 2, windowMs: 1_000 }, 0, clock);
    const first = await limiter.acquire();
    await limiter.acquire();
    await clock.advance(300);
    // The first answer took 300 ms (a stalled event loop, a slow network): the API may have
    // counted it as late as now.
    first.answered();
    expect(limiter.nextAt(clock.now())).toBe(1_300);
    const sent: number[] = [];
    void limiter.acquire().then(() => sent.push(clock.now()));
    await clock.advance(999);
    expect(sent).toEqual([]);
    await clock.advance(1);
    expect(sent).toEqual([1_300]);
  });

  it('serves waiting requests in the order they came, and an abandoned one leaves without spending', async () => {
    const clock = new ManualClock(0);
    const limiter = new RequestLimiter({ requests: 1, windowMs: 1_000 }, 0, clock);
    const order: string[] = [];
    await limiter.acquire();
    const abandon = new AbortController();
    const gone = limiter.acquire(abandon.signal).catch((reason: Error) => order.push(`gone: ${reason.message}`));
    for (const name of ['a', 'b']) void limiter.acquire().then(() => order.push(`${name} at ${clock.now()}`));
    abandon.abort(new Error('the job gave up'));
    await gone;
    await clock.advance(2_000);
    expect(order).toEqual(['gone: the job gave up', 'a at 1000', 'b at 2000']);
    expect(limiter.available(clock.now())).toBe(0);
  });

  it('sends nothing while the remote system said to wait, then the whole limit', async () => {
    const clock = new ManualClock(0);
    const limiter = new RequestLimiter({ requests: 2, windowMs: 1_000 }, 0, clock);
    limiter.blockUntil(30_000);
    expect(limiter.available(0)).toBe(0);
    const sent: number[] = [];
    for (let i = 0; i < 3; i += 1) void limiter.acquire().then(() => sent.push(clock.now()));
    await clock.advance(29_999);
    expect(sent).toEqual([]);
    await clock.advance(2_000);
    expect(sent).toEqual([30_000, 30_000, 31_000]);
  });

  it('rejects every waiting request when closed, and keeps no timer', async () => {
    const clock = new ManualClock(0);
    const limiter = new RequestLimiter({ requests: 1, windowMs: 60_000 }, 0, clock);
    await limiter.acquire();
    const waiting = limiter.acquire();
    expect(clock.pendingTimers).toBe(1);
    limiter.close(new Error('stopping'));
    await expect(waiting).rejects.toThrow('stopping');
    await settle();
    expect(clock.pendingTimers).toBe(0);
  });
});
