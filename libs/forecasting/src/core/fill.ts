/** How missing values (NaN) are filled before a model sees a series. */
export const FILL_STRATEGIES = ['linear', 'forward', 'zero', 'mean'] as const;
export type FillStrategy = (typeof FILL_STRATEGIES)[number];

export interface FillResult {
  values: Float64Array;
  /** How many points were filled. */
  filled: number;
}

/**
 * Fills NaNs in a copy of `values`:
 * - `linear`: interpolates between the nearest known neighbours; leading/trailing gaps take the nearest known value;
 * - `forward`: carries the last known value forward (a leading gap takes the first known value);
 * - `zero`: 0 (counts, sales where "no record" means none);
 * - `mean`: the mean of the known values.
 * A series with no known value at all cannot be filled and is returned as is (all NaN, `filled` 0).
 */
export function fillMissing(values: ArrayLike<number>, strategy: FillStrategy = 'linear'): FillResult {
  const out = Float64Array.from(values);
  const known: number[] = [];
  for (let i = 0; i < out.length; i++) if (!Number.isNaN(out[i])) known.push(i);
  const filled = out.length - known.length;
  if (filled === 0 || known.length === 0) return { values: out, filled: 0 };

  if (strategy === 'zero' || strategy === 'mean') {
    const value = strategy === 'zero' ? 0 : known.reduce((s, i) => s + out[i], 0) / known.length;
    for (let i = 0; i < out.length; i++) if (Number.isNaN(out[i])) out[i] = value;
    return { values: out, filled };
  }

  const first = known[0];
  const last = known[known.length - 1];
  for (let i = 0; i < first; i++) out[i] = out[first];
  for (let i = last + 1; i < out.length; i++) out[i] = out[last];
  for (let j = 0; j + 1 < known.length; j++) {
    const a = known[j];
    const b = known[j + 1];
    for (let i = a + 1; i < b; i++) {
      out[i] = strategy === 'linear' ? out[a] + ((out[b] - out[a]) * (i - a)) / (b - a) : out[a];
    }
  }
  return { values: out, filled };
}

export function countMissing(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) n++;
  return n;
}
