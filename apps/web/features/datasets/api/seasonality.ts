/**
 * A seasonality hint for one series, computed in the browser from the points the chart shows: the autocorrelation at
 * the season lag, tested the way the M4 benchmarks (and the engine's `seasonality: 'test'`) decide to deseasonalise:
 * seasonal when |r_m| > 1.645 · sqrt((1 + 2 Σ_{k<m} r_k²) / n), the 90% limit of Bartlett's formula.
 */

/** Autocorrelation at `lag`, skipping pairs with a missing value (mean and variance over the present values). */
export function autocorrelation(values: readonly (number | null)[], lag: number): number | null {
  let n = 0;
  let sum = 0;
  for (const v of values) {
    if (v !== null && Number.isFinite(v)) {
      n++;
      sum += v;
    }
  }
  if (lag < 1 || n <= lag + 1) return null;
  const mean = sum / n;
  let variance = 0;
  for (const v of values) if (v !== null && Number.isFinite(v)) variance += (v - mean) ** 2;
  if (variance === 0) return null;
  let cov = 0;
  for (let i = lag; i < values.length; i++) {
    const a = values[i];
    const b = values[i - lag];
    if (a !== null && b !== null && Number.isFinite(a) && Number.isFinite(b)) cov += (a - mean) * (b - mean);
  }
  return cov / variance;
}

export type SeasonalityHint =
  | { kind: 'no-season' }
  | { kind: 'too-short'; season: number; needed: number }
  | { kind: 'tested'; season: number; acf: number; limit: number; seasonal: boolean };

export function seasonalityHint(values: readonly (number | null)[], season: number): SeasonalityHint {
  if (season <= 1) return { kind: 'no-season' };
  // The M4 rule needs at least three seasons of data.
  const needed = 3 * season;
  const present = values.filter((v) => v !== null).length;
  if (present < needed) return { kind: 'too-short', season, needed };
  let sumSquares = 0;
  for (let k = 1; k < season; k++) sumSquares += (autocorrelation(values, k) ?? 0) ** 2;
  const acf = autocorrelation(values, season);
  if (acf === null) return { kind: 'too-short', season, needed };
  const limit = 1.645 * Math.sqrt((1 + 2 * sumSquares) / present);
  return { kind: 'tested', season, acf, limit, seasonal: Math.abs(acf) > limit };
}

/** Missing points of a series and its longest run of them (a gap in the data). */
export function missingRuns(values: readonly (number | null)[]): { missing: number; longest: number } {
  let missing = 0;
  let run = 0;
  let longest = 0;
  for (const v of values) {
    if (v === null) {
      missing++;
      run++;
      longest = Math.max(longest, run);
    } else run = 0;
  }
  return { missing, longest };
}
