import { API_NAMES, type ApiName } from './kit.js';

/** One change a simulated API accepted, with the key that makes a replay a duplicate. */
export interface Effect {
  api: ApiName;
  /** What changed, e.g. `rate`, `reservation`, `booking`, `access_code`. */
  kind: string;
  /** The de-duplication key (thirdPartyIdentifier, booking id + version, …). */
  key: string;
  at: number;
  data: unknown;
}

export interface ApiCounters {
  /** Every request that reached the API (answered or not). */
  requests: number;
  /** Effects accepted (duplicates excluded). */
  effects: number;
  /** Requests that arrived when the rate-limit window was already spent. */
  overLimit: number;
  /** Effects sent again with a key already seen: accepted without a second effect. */
  duplicates: number;
  /** Answers made up by injected faults (429 bursts, 5xx, outages, rejected values). */
  injectedFaults: number;
}

const emptyCounters = (): ApiCounters => ({ requests: 0, effects: 0, overLimit: 0, duplicates: 0, injectedFaults: 0 });

/** What the sandbox saw: counters per API and every accepted effect, so tests count exactly. */
export function createLedger() {
  let counters = Object.fromEntries(API_NAMES.map((name) => [name, emptyCounters()])) as Record<ApiName, ApiCounters>;
  let effects: Effect[] = [];
  let keys = new Map<string, Effect>();

  return {
    count(api: ApiName, counter: keyof ApiCounters): void {
      counters[api][counter] += 1;
    },
    /**
     * Records an effect unless its key was seen before for that API and kind. Returns the
     * first effect with the key when it is a duplicate, so the API can answer as it did then.
     */
    record(effect: Effect): { duplicate: false } | { duplicate: true; original: Effect } {
      const id = `${effect.api}\u0000${effect.kind}\u0000${effect.key}`;
      const original = keys.get(id);
      if (original) {
        counters[effect.api].duplicates += 1;
        return { duplicate: true, original };
      }
      keys.set(id, effect);
      effects.push(effect);
      counters[effect.api].effects += 1;
      return { duplicate: false };
    },
    counters(): Record<ApiName, ApiCounters> {
      return structuredClone(counters);
    },
    effects(filter: { api?: ApiName; kind?: string } = {}): Effect[] {
      return effects.filter((e) => (!filter.api || e.api === filter.api) && (!filter.kind || e.kind === filter.kind));
    },
    reset(): void {
      counters = Object.fromEntries(API_NAMES.map((name) => [name, emptyCounters()])) as Record<ApiName, ApiCounters>;
      effects = [];
      keys = new Map();
    },
  };
}

export type Ledger = ReturnType<typeof createLedger>;
