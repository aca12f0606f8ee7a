import { MAX_TIMER_MS, type Clock, type TimerHandle } from '../clock.js';

/** A remote API's published limit: at most `requests` in any window of `windowMs`. */
export interface PublishedLimit {
  requests: number;
  windowMs: number;
}

/** One request let through: told when its answer came, it counts from then (see `answered`). */
export interface RequestTicket {
  /**
   * The answer (or the failure) arrived: the request is counted from now. The API counts it when
   * it arrives there, which is no later than now, so counting from now can never let the next
   * window's requests crowd into the API's, whatever the network or our own event loop delayed.
   */
  answered(): void;
}

interface Sent {
  at: number;
}

interface Waiter {
  resolve(ticket: RequestTicket): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * Keeps one remote API's published limit as the API counts it: at most `requests` sends in any
 * window of `windowMs + marginMs`, so a burst of the whole limit goes at once and the next waits
 * exactly until the oldest leaves the window. The margin absorbs network jitter: sends that far
 * apart here can arrive no closer there than the API's own window, so its count never passes
 * the limit, at a cost of margin/window in throughput (not a blanket share of the rate).
 *
 * Every HTTP request a connector makes waits here first (`acquire`), in arrival order.
 */
export class RequestLimiter {
  /** The last `requests` sends, oldest first: when each went, or when its answer came once it did. */
  private readonly sent: Sent[] = [];
  private blockedUntil = 0;
  private readonly waiters: Waiter[] = [];
  private timer: TimerHandle | null = null;
  private readonly spanMs: number;

  constructor(
    readonly limit: PublishedLimit,
    readonly marginMs: number,
    private readonly clock: Clock,
  ) {
    if (!(Number.isInteger(limit.requests) && limit.requests >= 1) || !(limit.windowMs > 0) || !(marginMs >= 0)) {
      throw new RangeError('A published limit needs whole requests >= 1, a window > 0 and a margin >= 0');
    }
    this.spanMs = limit.windowMs + marginMs;
  }

  /** The earliest time another request may be sent. */
  nextAt(now: number): number {
    const at = Math.max(now, this.blockedUntil);
    if (this.sent.length < this.limit.requests) return at;
    return Math.max(at, this.sent[0]!.at + this.spanMs);
  }

  /** Requests that may be sent right now. */
  available(now: number): number {
    if (now < this.blockedUntil) return 0;
    let recent = 0;
    for (const sent of this.sent) if (sent.at > now - this.spanMs) recent += 1;
    return this.limit.requests - recent;
  }

  /** Waits for the limit to allow one more request, and counts it. Rejects when `signal` aborts. */
  acquire(signal?: AbortSignal): Promise<RequestTicket> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const now = this.clock.now();
    if (this.waiters.length === 0 && this.nextAt(now) <= now) return Promise.resolve(this.record(now));
    return new Promise<RequestTicket>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(signal!.reason);
          this.arm();
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
      this.arm();
    });
  }

  /** The remote system said to wait (429, credits spent): nothing is sent before `until`. */
  blockUntil(until: number): void {
    if (until <= this.blockedUntil) return;
    this.blockedUntil = until;
    this.arm();
  }

  /** Rejects every waiting request (the app is stopping) and forgets the timer. */
  close(reason: unknown): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
    for (const waiter of this.waiters.splice(0)) {
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.reject(reason);
    }
  }

  private record(now: number): RequestTicket {
    const sent: Sent = { at: now };
    this.sent.push(sent);
    if (this.sent.length > this.limit.requests) this.sent.shift();
    const clock = this.clock;
    return {
      answered() {
        sent.at = Math.max(sent.at, clock.now());
      },
    };
  }

  private release(): void {
    this.timer = null;
    const now = this.clock.now();
    while (this.waiters.length > 0 && this.nextAt(now) <= now) {
      const waiter = this.waiters.shift()!;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(this.record(now));
    }
    this.arm();
  }

  /** One timer, set to when the first waiter may go; none while nobody waits. */
  private arm(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (this.waiters.length === 0) return;
    const now = this.clock.now();
    this.timer = this.clock.setTimeout(() => this.release(), Math.min(Math.max(0, this.nextAt(now) - now), MAX_TIMER_MS));
  }
}

/**
 * The margin a lane adds to its API's window: 1% of it, and at least 25 ms, which covers the
 * jitter between our clock and the moment a request is counted there on an ordinary link.
 */
export function marginFor(limit: PublishedLimit): number {
  return Math.max(25, Math.ceil(limit.windowMs / 100));
}
