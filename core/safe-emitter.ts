import type { Logger } from './logger.js';

/**
 * A typed event emitter whose listeners cannot break the emitter: a throwing listener is
 * logged and the others still run, so a UI bug never stops a worker.
 */
export class SafeEmitter<Events extends Record<string, unknown>> {
  private readonly listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  constructor(private readonly logger: Logger) {}

  on<E extends keyof Events>(name: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  has(name: keyof Events): boolean {
    return this.listenerCount(name) > 0;
  }

  listenerCount(name: keyof Events): number {
    return this.listeners.get(name)?.size ?? 0;
  }

  /** `make` runs only when someone listens, so unheard events cost nothing. */
  emit<E extends keyof Events>(name: E, make: () => Events[E]): void {
    const set = this.listeners.get(name);
    if (!set || set.size === 0) return;
    const payload = make();
    for (const listener of [...set]) {
      try {
        (listener as (payload: Events[E]) => void)(payload);
      } catch (error) {
        this.logger.error('event listener failed', { event: String(name), error: String(error) });
      }
    }
  }
}
