/**
 * The project's one seeded generator: network weights, window sampling, test fuzzing and bench data all draw from it,
 * so a seed means the same numbers in every process and on every backend (a run's `seed` reproduces its fits).
 */

/** mulberry32: small, fast, good enough for initialisation, shuffling and test data. Returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box-Muller, from uniform draws in [0, 1) (two per sample). */
export function normalSampler(rand: () => number): () => number {
  return () => {
    const u = 1 - rand();
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}
