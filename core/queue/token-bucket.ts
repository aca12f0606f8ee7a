export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests that may go at once after a quiet spell. */
  burst: number;
}

/**
 * A token bucket: one token per request, refilled continuously. Also takes a pause imposed
 * from outside (a 429's Retry-After), during which no token is handed out.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;
  private blockedUntil = 0;

  constructor(
    readonly limit: RateLimit,
    now: number,
  ) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1)) throw new RangeError('A rate limit needs perSecond > 0 and burst >= 1');
    this.tokens = limit.burst;
    this.refilledAt = now;
  }

  private refill(now: number): void {
    if (now <= this.refilledAt) return;
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.limit.perSecond);
    this.refilledAt = now;
  }

  /** Whole tokens available now. */
  available(now: number): number {
    if (now < this.blockedUntil) return 0;
    this.refill(now);
    return Math.floor(this.tokens);
  }

  take(now: number, count = 1): void {
    this.refill(now);
    this.tokens -= count;
  }

  /** When the next whole token is available. */
  nextTokenAt(now: number): number {
    const from = Math.max(now, this.blockedUntil);
    const elapsed = Math.max(0, from - this.refilledAt) / 1000;
    const tokens = Math.min(this.limit.burst, this.tokens + elapsed * this.limit.perSecond);
    return tokens >= 1 ? from : from + Math.ceil(((1 - tokens) / this.limit.perSecond) * 1000);
  }

  /** The remote system said to wait: hand out nothing until then, and start empty after. */
  blockUntil(until: number): void {
    if (until <= this.blockedUntil) return;
    this.blockedUntil = until;
    this.tokens = 0;
    this.refilledAt = until;
  }
}
