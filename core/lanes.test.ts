import { describe, expect, it } from 'vitest';
import { TokenBucket } from './queue/token-bucket.js';
import { bucketWithin, PUBLISHED_LIMITS, type PublishedLimit } from './lanes.js';

/** Spends every token the moment it is available, for `windows` windows; returns the send times. */
function greedySends(limit: PublishedLimit, windows: number, jitterMs = 0): number[] {
  const bucket = new TokenBucket(bucketWithin(limit), 0);
  const sends: number[] = [];
  let now = 0;
  let n = 0;
  while (now < windows * limit.windowMs) {
    if (bucket.available(now) >= 1) {
      bucket.take(now);
      // Alternate early and late arrivals: the worst bunching jitter can cause.
      sends.push(now + (n++ % 2 === 0 ? jitterMs : 0));
    }
    now = bucket.nextTokenAt(now) > now ? bucket.nextTokenAt(now) : now + 1;
  }
  return sends.sort((a, b) => a - b);
}

/** The most sends that arrive within any window of the limit's length (sliding, half-open). */
function busiestWindow(sends: number[], windowMs: number): number {
  let most = 0;
  let first = 0;
  for (let last = 0; last < sends.length; last += 1) {
    while (sends[first]! <= sends[last]! - windowMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe('lane rate limits', () => {
  it.each(Object.entries(PUBLISHED_LIMITS))('never spend more than the %s limit in any window, even with jitter', (_lane, limit) => {
    const spacingMs = limit.windowMs / bucketWithin(limit).perSecond / 1000;
    for (const jitterMs of [0, Math.floor(spacingMs * 0.1)]) {
      expect(busiestWindow(greedySends(limit, 20, jitterMs), limit.windowMs)).toBeLessThanOrEqual(limit.requests);
    }
  });

  it.each(Object.entries(PUBLISHED_LIMITS))('still drain within 15%% of what the %s limit allows', (_lane, limit) => {
    const windows = 20;
    expect(greedySends(limit, windows).length).toBeGreaterThanOrEqual(0.85 * limit.requests * windows);
  });
});
