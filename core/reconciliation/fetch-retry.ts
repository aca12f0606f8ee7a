import { pause, type Clock } from '../clock.js';
import { RemoteError } from '../queue/remote-error.js';

/** Within a run, a failed fetch is tried again after 2 s, 4 s and 8 s before the run gives up. */
export const FETCH_RETRY_DELAYS_MS: readonly number[] = [2_000, 4_000, 8_000];

/** Failures another try may cure; a refusal (validation) or a revoked key (auth) will not. */
const RETRIABLE = new Set(['network', 'server', 'rate_limited']);

/**
 * Runs `attempt`, and again after each delay while it fails with something another try may cure
 * (waiting longer when the remote side said so in Retry-After). The last failure is thrown.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  options: { clock: Clock; delaysMs?: readonly number[]; signal?: AbortSignal; onRetry?: (error: RemoteError, delayMs: number) => void },
): Promise<T> {
  const delays = options.delaysMs ?? FETCH_RETRY_DELAYS_MS;
  for (let tried = 0; ; tried += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof RemoteError) || !RETRIABLE.has(error.kind) || tried >= delays.length) throw error;
      const delayMs = Math.max(delays[tried]!, error.retryAfterMs ?? 0);
      options.onRetry?.(error, delayMs);
      await pause(options.clock, delayMs, options.signal);
    }
  }
}
