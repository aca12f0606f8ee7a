/** A small seeded generator (mulberry32): the same seed gives the same run, so a failure can be replayed. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    /** An integer from `min` to `max`, both included. */
    int: (min: number, max: number): number => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    chance: (probability: number): boolean => next() < probability,
  };
}

export type SeededRandom = ReturnType<typeof seededRandom>;

/** The run's seed: `RELIABILITY_SEED` when set (to replay a failure), else a fixed one. */
export function suiteSeed(fallback: number): number {
  const given = process.env.RELIABILITY_SEED;
  return given !== undefined && /^\d+$/.test(given) ? Number(given) : fallback;
}
