import { DEFAULT_BACKOFF, retryDelayMs, type BackoffOptions } from './backoff.js';
import type { RemoteError } from './remote-error.js';

/** What an outcome says about the remote system as a whole, beyond its own job. */
export type LaneEffect =
  /** It answered as asked: online, and any outage is over. */
  | { kind: 'online' }
  /** It answered, though not as asked (a 5xx, a rejection): the network is there. */
  | { kind: 'reachable' }
  | { kind: 'offline' }
  | { kind: 'needs_sign_in' }
  /** It asked us to wait (429, Retry-After): nothing is sent to it until then. */
  | { kind: 'cooldown'; until: number }
  /** The job failed here, not there (our disk): nothing was learned of the remote system. */
  | { kind: 'unchanged' };

export type JobDecision =
  | { action: 'done' }
  /** Back to Queued until `runAt`; `refund` gives back the attempt the claim counted. */
  | { action: 'requeue'; runAt: number; refund: boolean }
  | { action: 'fail' };

export interface OutcomeDecision {
  job: JobDecision;
  lane: LaneEffect;
}

/** Used when a 429 came without a Retry-After. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 5_000;

/** Between probes of an offline lane: 2 s, 4 s, … up to a minute. */
export const PROBE_BACKOFF: BackoffOptions = { baseMs: 2_000, capMs: 60_000, jitter: 0.1 };

/**
 * The one place that decides what an outcome means (SPEC §4), for the job and for its lane:
 * only server errors burn attempts; the network and rate limits make the job wait without losing
 * one; an auth error pauses the lane until someone signs in again; a rejection by the remote
 * system fails at once. The lane runner applies the decision and decides nothing itself.
 */
export function decideOutcome(
  job: { attempts: number; max_attempts: number },
  error: RemoteError | undefined,
  now: number,
  backoff: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): OutcomeDecision {
  if (!error) return { job: { action: 'done' }, lane: { kind: 'online' } };
  switch (error.kind) {
    case 'network':
      return { job: { action: 'requeue', runAt: now, refund: true }, lane: { kind: 'offline' } };
    case 'rate_limited': {
      const until = now + (error.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS);
      return { job: { action: 'requeue', runAt: until, refund: true }, lane: { kind: 'cooldown', until } };
    }
    case 'auth':
      return { job: { action: 'requeue', runAt: now, refund: true }, lane: { kind: 'needs_sign_in' } };
    case 'validation':
      return { job: { action: 'fail' }, lane: { kind: 'reachable' } };
    case 'server':
      if (job.attempts >= job.max_attempts) return { job: { action: 'fail' }, lane: { kind: 'reachable' } };
      return {
        job: { action: 'requeue', runAt: now + retryDelayMs(job.attempts, error.retryAfterMs, backoff, random), refund: false },
        lane: { kind: 'reachable' },
      };
  }
}

/**
 * A handler's own write failed for the disk's sake (full, unwritable): not the job's fault nor
 * the remote system's, so the attempt is given back and the job waits in the queue. The lanes
 * hold until a write succeeds again (storage-health.ts), so it is not sent again before then.
 */
export function decideStorageOutcome(now: number): OutcomeDecision {
  return { job: { action: 'requeue', runAt: now, refund: true }, lane: { kind: 'unchanged' } };
}

/** Wait before the next probe of an offline lane, after `failedProbes` probes that failed. */
export function probeDelayMs(failedProbes: number, random: () => number = Math.random): number {
  return retryDelayMs(failedProbes, undefined, PROBE_BACKOFF, random);
}
