export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** Fraction of the delay randomised either way, so retries of many jobs spread out. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, capMs: 10 * 60_000, jitter: 0.2 };

/**
 * The wait before retry number `attempts + 1`: 2 s, 4 s, 8 s, … capped, with jitter, and
 * never shorter than what the remote system asked for.
 */
export function retryDelayMs(
  attempts: number,
  retryAfterMs: number | undefined,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = exponential * (1 - options.jitter + 2 * options.jitter * random());
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}
