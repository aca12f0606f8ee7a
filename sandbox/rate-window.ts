import type { LimitCharge } from './kit.js';

/**
 * Sliding-window limits as the remote APIs enforce them: the costs spent in the last
 * `windowMs` may not pass `limit`. A request that would pass it is refused and not charged.
 */
export function createRateWindows() {
  const spent = new Map<string, { at: number; cost: number }[]>();

  function live(key: string, windowMs: number, now: number) {
    const entries = (spent.get(key) ?? []).filter((entry) => entry.at > now - windowMs);
    spent.set(key, entries);
    return entries;
  }

  return {
    /** Charges the request, or says how long until it would fit. */
    charge(charge: LimitCharge, now: number): { ok: true; remaining: number; resetsInMs: number } | { ok: false; retryAfterMs: number } {
      const entries = live(charge.key, charge.windowMs, now);
      const used = entries.reduce((sum, entry) => sum + entry.cost, 0);
      if (used + charge.cost > charge.limit) {
        // Wait until enough of the oldest spending leaves the window.
        let freed = 0;
        let retryAt = now;
        for (const entry of entries) {
          freed += entry.cost;
          retryAt = entry.at + charge.windowMs;
          if (used - freed + charge.cost <= charge.limit) break;
        }
        return { ok: false, retryAfterMs: Math.max(1, retryAt - now) };
      }
      entries.push({ at: now, cost: charge.cost });
      const resetsInMs = entries.length > 0 ? entries[0]!.at + charge.windowMs - now : charge.windowMs;
      return { ok: true, remaining: charge.limit - used - charge.cost, resetsInMs };
    },
    reset(): void {
      spent.clear();
    },
  };
}

export type RateWindows = ReturnType<typeof createRateWindows>;
