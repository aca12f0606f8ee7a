import type { LaneConfig } from './queue/lane-runner.js';

/**
 * One lane per remote system, limited from each API's published limits (see the connectors):
 * Cloudbeds 5 requests/s per property; Beds24 100 credits per 5 minutes; Seam and MaidCentral
 * publish none, so they get a polite default; Stays pages 20 at a time.
 */
export const DEFAULT_LANES: LaneConfig[] = [
  { name: 'cloudbeds', concurrency: 2, rateLimit: { perSecond: 5, burst: 5 } },
  { name: 'beds24', concurrency: 1, rateLimit: { perSecond: 100 / 300, burst: 10 } },
  { name: 'stays', concurrency: 1, rateLimit: { perSecond: 2, burst: 4 } },
  { name: 'locks', concurrency: 2, rateLimit: { perSecond: 5, burst: 5 } },
  { name: 'maidcentral', concurrency: 1, rateLimit: { perSecond: 1, burst: 2 } },
];
