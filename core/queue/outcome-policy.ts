import { DEFAULT_BACKOFF, retryDelayMs, type BackoffOptions } from './backoff.js';
import type { RemoteError } from './remote-error.js';

/** What a failure does to the whole lane, beyond its own job. */
export type LaneEffect =
  | { kind: 'offline' }
  | { kind: 'needs_sign_in' }
  | { kind: 'cooldown'; until: number };

export type FailureDecision =
  | { action: 'requeue'; runAt: number; refund: boolean; laneEffect: LaneEffect | null }
  | { action: 'fail' };

/** Used when a 429 came without a Retry-After. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 5_000;

/**
 * The one place that decides what an error kind means (SPEC §4): only server errors burn
 * attempts; the network and rate limits make the job wait without losing one; an auth error
 * pauses the lane until someone signs in again; a rejection by the remote system fails at once.
 */
export function decideOnFailure(
  job: { attempts: number; max_attempts: number },
  error: RemoteError,
  now: number,
  backoff: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): FailureDecision {
  switch (error.kind) {
    case 'network':
      return { action: 'requeue', runAt: now, refund: true, laneEffect: { kind: 'offline' } };
    case 'rate_limited': {
      const until = now + (error.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS);
      return { action: 'requeue', runAt: until, refund: true, laneEffect: { kind: 'cooldown', until } };
    }
    case 'auth':
      return { action: 'requeue', runAt: now, refund: true, laneEffect: { kind: 'needs_sign_in' } };
    case 'validation':
      return { action: 'fail' };
    case 'server':
      if (job.attempts >= job.max_attempts) return { action: 'fail' };
      return {
        action: 'requeue',
        runAt: now + retryDelayMs(job.attempts, error.retryAfterMs, backoff, random),
        refund: false,
        laneEffect: null,
      };
  }
}

/** Wait before the next probe of an offline lane: 2 s, 4 s, … up to a minute. */
export function probeDelayMs(failedProbes: number, backoff: BackoffOptions = { baseMs: 2_000, capMs: 60_000, jitter: 0.1 }): number {
  return retryDelayMs(failedProbes, undefined, backoff);
}
