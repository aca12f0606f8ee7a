import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.js';
import { RemoteError } from '../queue/remote-error.js';
import { createTokenSession } from './token-session.js';

function countingSession(clock: ManualClock, lifetimeMs = 3_600_000) {
  let issued = 0;
  const session = createTokenSession({
    clock,
    marginMs: 60_000,
    obtain: async () => {
      issued += 1;
      return { value: `token-${issued}`, expiresAt: clock.now() + lifetimeMs };
    },
  });
  return { session, issued: () => issued };
}

describe('a token session', () => {
  it('fetches one token however many calls wait for it at once', async () => {
    const { session, issued } = countingSession(new ManualClock());
    const tokens = await Promise.all([session.token(), session.token(), session.token()]);
    expect(tokens).toEqual(['token-1', 'token-1', 'token-1']);
    expect(issued()).toBe(1);
  });

  it('refreshes a minute before the token expires, not after', async () => {
    const clock = new ManualClock();
    const { session } = countingSession(clock);
    expect(await session.token()).toBe('token-1');
    await clock.advance(3_600_000 - 61_000);
    expect(await session.token()).toBe('token-1');
    await clock.advance(2_000);
    expect(await session.token()).toBe('token-2');
  });

  it('retries a call once with a new token after a 401, and gives up after a second one', async () => {
    const { session, issued } = countingSession(new ManualClock());
    const seen: string[] = [];
    const result = await session.withToken(async (token) => {
      seen.push(token);
      if (token === 'token-1') throw new RemoteError('auth', 'expired', { httpStatus: 401 });
      return 'done';
    });
    expect(result).toBe('done');
    expect(seen).toEqual(['token-1', 'token-2']);

    const refused = session.withToken(async () => {
      throw new RemoteError('auth', 'revoked', { httpStatus: 401 });
    });
    await expect(refused).rejects.toMatchObject({ kind: 'auth' });
    expect(issued()).toBe(3);
  });

  it('does not fetch a new token for errors that are not a 401', async () => {
    const { session, issued } = countingSession(new ManualClock());
    const failing = session.withToken(async () => {
      throw new RemoteError('auth', 'forbidden', { httpStatus: 403 });
    });
    await expect(failing).rejects.toMatchObject({ httpStatus: 403 });
    expect(issued()).toBe(1);
  });
});
