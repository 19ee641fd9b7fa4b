/** Test-only synthetic series: seeded, so a failing case reproduces. */

/** Deterministic uniform numbers in (0, 1) (a seeded LCG). */
export function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (1664525 * s + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** Deterministic pseudo-random normal numbers (the seeded LCG and Box–Muller). */
export function noise(n: number, seed: number): Float64Array {
  const u = uniform(seed);
  return Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

/**
 * 900 hours around 100: a daily sine of amplitude 10, with `weekendStep` a weekday/weekend step (+0.4 × step on
 * weekdays, −step on weekends), and normal noise times `noiseScale`.
 */
export function hourlyCycles(seed: number, { weekendStep, noiseScale }: { weekendStep: number; noiseScale: number }): Float64Array {
  const e = noise(900, seed);
  return Float64Array.from(
    { length: 900 },
    (_, t) => 100 + 10 * Math.sin((2 * Math.PI * t) / 24) + weekendStep * (Math.floor(t / 24) % 7 >= 5 ? -1 : 0.4) + noiseScale * e[t],
  );
}
