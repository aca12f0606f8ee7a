import { describe, expect, it } from 'vitest';
import { decideOutcome, DEFAULT_RATE_LIMIT_WAIT_MS, probeDelayMs } from './outcome-policy.js';
import { RemoteError } from './remote-error.js';

const NOW = 1_000_000;
const job = (attempts: number, max_attempts = 10) => ({ attempts, max_attempts });
const noJitter = () => 0.5;

describe('the outcome policy', () => {
  it('marks a success done and the lane online', () => {
    expect(decideOutcome(job(1), undefined, NOW)).toEqual({ job: { action: 'done' }, lane: { kind: 'online' } });
  });

  it('puts a job back at once without burning its attempt when the network is down, and takes the lane offline', () => {
    expect(decideOutcome(job(3), new RemoteError('network', 'ECONNREFUSED'), NOW)).toEqual({
      job: { action: 'requeue', runAt: NOW, refund: true },
      lane: { kind: 'offline' },
    });
  });

  it('waits as long as a 429 says, or 5 s when it says nothing, for the job and its whole lane, without burning an attempt', () => {
    expect(decideOutcome(job(1), new RemoteError('rate_limited', 'slow', { retryAfterMs: 12_000 }), NOW)).toEqual({
      job: { action: 'requeue', runAt: NOW + 12_000, refund: true },
      lane: { kind: 'cooldown', until: NOW + 12_000 },
    });
    expect(DEFAULT_RATE_LIMIT_WAIT_MS).toBe(5_000);
    expect(decideOutcome(job(1), new RemoteError('rate_limited', 'slow'), NOW)).toEqual({
      job: { action: 'requeue', runAt: NOW + 5_000, refund: true },
      lane: { kind: 'cooldown', until: NOW + 5_000 },
    });
  });

  it('holds the job without burning its attempt and asks for sign-in on an auth error', () => {
    expect(decideOutcome(job(1), new RemoteError('auth', 'revoked'), NOW)).toEqual({
      job: { action: 'requeue', runAt: NOW, refund: true },
      lane: { kind: 'needs_sign_in' },
    });
  });

  it('fails a rejected job at once, whatever attempts it has left; the remote system was reachable', () => {
    expect(decideOutcome(job(1), new RemoteError('validation', 'bad rate'), NOW)).toEqual({ job: { action: 'fail' }, lane: { kind: 'reachable' } });
  });

  it('retries a server error after 2 s, 4 s, 8 s… burning the attempt, never sooner than Retry-After, and fails when attempts run out', () => {
    const server = (retryAfterMs?: number) => new RemoteError('server', '503', retryAfterMs === undefined ? {} : { retryAfterMs });
    expect(decideOutcome(job(1), server(), NOW, undefined, noJitter).job).toEqual({ action: 'requeue', runAt: NOW + 2_000, refund: false });
    expect(decideOutcome(job(3), server(), NOW, undefined, noJitter).job).toEqual({ action: 'requeue', runAt: NOW + 8_000, refund: false });
    expect(decideOutcome(job(1), server(30_000), NOW, undefined, noJitter).job).toEqual({ action: 'requeue', runAt: NOW + 30_000, refund: false });
    expect(decideOutcome(job(10, 10), server(), NOW)).toEqual({ job: { action: 'fail' }, lane: { kind: 'reachable' } });
  });

  it('probes an offline lane after 2 s, 4 s, … capped at a minute', () => {
    expect([1, 2, 3, 10].map((failed) => probeDelayMs(failed, noJitter))).toEqual([2_000, 4_000, 8_000, 60_000]);
  });
});
