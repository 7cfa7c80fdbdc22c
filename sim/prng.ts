/**
 * Small seeded pseudo-random number generators for the simulator.
 *
 * Why not `Math.random`: benchmarks and the demo must be reproducible run to run, and the outcome of
 * call N on model M must not depend on how calls to other models interleave. Keying a fresh generator
 * by `seed + model + callIndex` gives exactly that.
 */

/** A source of uniform numbers in `[0, 1)`, like `Math.random`. */
export type Rng = () => number;

/**
 * mulberry32: a 32-bit generator with good enough statistics for simulations and a one-line state.
 * @param seed - any 32-bit integer; equal seeds give equal sequences.
 */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * FNV-1a hash of a string to a 32-bit unsigned integer, used to turn `seed:model:callIndex` into a seed.
 * @param text - the key to hash.
 */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A generator keyed by several parts (e.g. seed, model, call index), so each key gets its own stream.
 * @param parts - the key parts; joined with `:` before hashing.
 */
export function keyedRng(...parts: ReadonlyArray<string | number>): Rng {
  return mulberry32(hashString(parts.join(':')));
}

/**
 * Pick one element of a non-empty list.
 * @param rng - the random source.
 * @param items - the candidates; must not be empty.
 */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new RangeError('pick() needs a non-empty list');
  return item;
}

/**
 * A uniform integer in `[min, max]` (both inclusive).
 * @param rng - the random source.
 */
export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}
