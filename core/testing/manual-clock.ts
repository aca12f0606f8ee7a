import type { Clock, TimerHandle } from '../clock.js';

interface PendingTimer {
  id: number;
  at: number;
  fn: () => void;
}

/** Lets real microtasks and setImmediate callbacks (kicks, handler promises) run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * A clock whose time moves only when a test says so. Timers fire in time order as it advances,
 * and the queue's own kicks run in between, so an hour can pass in milliseconds.
 */
export class ManualClock implements Clock {
  private timers: PendingTimer[] = [];
  private nextId = 1;

  constructor(private time = Date.UTC(2026, 10, 23, 9, 0, 0)) {}

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.push({ id, at: this.time + Math.max(0, ms), fn });
    return id as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.id !== (handle as unknown as number));
  }

  /** How many timers are armed (an idle queue should have only its sweep). */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing each due timer at its own time and settling after it. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      const next = this.timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!next) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.time = Math.max(this.time, next.at);
      next.fn();
      await settle();
    }
    this.time = target;
    await settle();
  }
}
