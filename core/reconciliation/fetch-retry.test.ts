import { describe, expect, it } from 'vitest';
import { RemoteError } from '../queue/remote-error.js';
import { ManualClock } from '../testing/manual-clock.js';
import { withRetries } from './fetch-retry.js';

describe('a fetch within a run', () => {
  it('is tried again after 2 s, 4 s and 8 s, then fails with the last error', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const tries: number[] = [];
    const outcome = withRetries(
      async () => {
        tries.push(clock.now() - start);
        throw new RemoteError('server', `Stays answered 503 (try ${tries.length})`);
      },
      { clock },
    ).catch((error: unknown) => error);
    await clock.advance(1_999);
    expect(tries).toEqual([0]);
    await clock.advance(20_000);
    expect(tries).toEqual([0, 2_000, 6_000, 14_000]);
    expect(await outcome).toMatchObject({ kind: 'server', message: 'Stays answered 503 (try 4)' });
  });

  it('answers as soon as a try succeeds, and waits as long as a Retry-After asks', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const tries: number[] = [];
    const outcome = withRetries(
      async () => {
        tries.push(clock.now() - start);
        if (tries.length === 1) throw new RemoteError('rate_limited', 'slow down', { retryAfterMs: 5_000 });
        if (tries.length === 2) throw new RemoteError('network', 'Stays is unreachable (ECONNRESET)');
        return 'page';
      },
      { clock },
    );
    await clock.advance(60_000);
    expect(await outcome).toBe('page');
    expect(tries).toEqual([0, 5_000, 9_000]);
  });

  it('does not try again what another try cannot cure: a refusal, revoked credentials, a bug', async () => {
    for (const error of [new RemoteError('validation', 'bad from'), new RemoteError('auth', 'revoked'), new TypeError('oops')]) {
      let tries = 0;
      await expect(
        withRetries(async () => {
          tries += 1;
          throw error;
        }, { clock: new ManualClock() }),
      ).rejects.toBe(error);
      expect(tries).toBe(1);
    }
  });
});
