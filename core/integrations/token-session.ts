import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import { RemoteError } from '../queue/remote-error.js';

export interface AccessToken {
  value: string;
  /** When the remote system stops accepting it (ms since epoch). */
  expiresAt: number;
}

export interface TokenSessionOptions {
  /** Asks the remote system for a fresh token (refresh-token or password grant). */
  obtain(): Promise<AccessToken>;
  clock?: Clock;
  /** Refresh this long before expiry, so a token never dies in flight. */
  marginMs?: number;
}

/**
 * Holds one access token: refreshed before it expires, fetched once however many calls wait
 * for it, and dropped after the remote system refuses it.
 */
export function createTokenSession(options: TokenSessionOptions) {
  const clock = options.clock ?? systemClock;
  const marginMs = options.marginMs ?? 60_000;
  let current: AccessToken | null = null;
  let pending: Promise<AccessToken> | null = null;

  async function token(): Promise<string> {
    if (current && current.expiresAt - marginMs > clock.now()) return current.value;
    pending ??= options.obtain().finally(() => (pending = null));
    current = await pending;
    return current.value;
  }

  /** Forgets the token (the remote system said 401), so the next call fetches another. */
  function invalidate(value?: string): void {
    if (value === undefined || current?.value === value) current = null;
  }

  return {
    token,
    invalidate,
    /**
     * Runs a call with the token; when the remote system refuses it as expired, fetches a new
     * one and tries once more. A second refusal is a real sign-in problem for a person.
     */
    async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
      const first = await token();
      try {
        return await call(first);
      } catch (failure) {
        if (!(failure instanceof RemoteError) || failure.kind !== 'auth' || failure.httpStatus !== 401) throw failure;
        invalidate(first);
        return call(await token());
      }
    },
  };
}

export type TokenSession = ReturnType<typeof createTokenSession>;
