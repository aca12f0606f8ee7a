import type { LaneConfig } from './queue/lane-runner.js';
import type { RateLimit } from './queue/token-bucket.js';
import type { RemoteSystemName } from './integrations/connections.js';

/** A remote API's published limit: at most `requests` in any `windowMs`. */
export interface PublishedLimit {
  requests: number;
  windowMs: number;
}

/**
 * The limits each lane's API publishes (or, where it publishes none, the polite limit the
 * sandbox enforces): Cloudbeds 5 requests/s per property; Beds24 100 credits per 5 minutes
 * (a call costs at least one, and the credit headers it returns tighten the lane further);
 * Seam limits per device and action, far above what one hotel's door PINs need; Stays and
 * MaidCentral publish none.
 */
export const PUBLISHED_LIMITS = {
  cloudbeds: { requests: 5, windowMs: 1_000 },
  beds24: { requests: 100, windowMs: 300_000 },
  stays: { requests: 10, windowMs: 1_000 },
  locks: { requests: 10, windowMs: 1_000 },
  maidcentral: { requests: 2, windowMs: 1_000 },
} as const satisfies Record<string, PublishedLimit>;

/**
 * A token bucket that never spends more than a published limit in any window of its length:
 * one token of burst and 90% of the rate, so requests bunched by network jitter (up to a tenth
 * of their spacing) still fit. Remote APIs count in sliding windows and some suspend
 * credentials that pass them, so a little throughput is the price of never doing so.
 */
export function bucketWithin(limit: PublishedLimit): RateLimit {
  return { perSecond: (0.9 * limit.requests * 1000) / limit.windowMs, burst: 1 };
}

/** The remote system each lane sends to (the lock lane talks to Seam). */
export const LANE_SYSTEMS = {
  cloudbeds: 'cloudbeds',
  beds24: 'beds24',
  stays: 'stays',
  locks: 'seam',
  maidcentral: 'maidcentral',
} as const satisfies Record<keyof typeof PUBLISHED_LIMITS, RemoteSystemName>;

/** One lane per remote system, limited from its API's published limit. */
export const DEFAULT_LANES: LaneConfig[] = [
  { name: 'cloudbeds', concurrency: 2, rateLimit: bucketWithin(PUBLISHED_LIMITS.cloudbeds) },
  { name: 'beds24', concurrency: 1, rateLimit: bucketWithin(PUBLISHED_LIMITS.beds24) },
  { name: 'stays', concurrency: 1, rateLimit: bucketWithin(PUBLISHED_LIMITS.stays) },
  { name: 'locks', concurrency: 2, rateLimit: bucketWithin(PUBLISHED_LIMITS.locks) },
  { name: 'maidcentral', concurrency: 1, rateLimit: bucketWithin(PUBLISHED_LIMITS.maidcentral) },
];
