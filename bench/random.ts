// A seeded, reproducible source of randomness for the data generator: the same seed gives the same
// graph on every machine and every run, so results at one scale compare across commits.

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items (fewer when the list is shorter), in random order. */
  sample<T>(items: readonly T[], count: number): T[];
}

/** mulberry32: tiny, fast, and good enough for synthetic data (not for anything secret). */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T,
    sample<T>(items: readonly T[], count: number): T[] {
      const n = Math.min(count, items.length);
      // A partial Fisher-Yates over a copy of the indices: O(n) picks, no repeats.
      const chosen: T[] = [];
      const taken = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const j = int(i, items.length - 1);
        const atJ = taken.get(j) ?? j;
        taken.set(j, taken.get(i) ?? i);
        chosen.push(items[atJ] as T);
      }
      return chosen;
    },
  };
}

/**
 * Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^exponent: a few items are drawn
 * very often, most rarely, as speakers are in news reporting.
 */
export function createZipf(random: Random, n: number, exponent = 1): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let rank = 0; rank < n; rank++) {
    total += 1 / Math.pow(rank + 1, exponent);
    cumulative[rank] = total;
  }
  return () => {
    const target = random.next() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((cumulative[mid] as number) < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}
