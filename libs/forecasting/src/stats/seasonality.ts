import { centredMovingAverage, decompose } from './decompose';

/**
 * Sample autocorrelations at lags 1..maxLag (biased estimator, denominators n, as R's `acf`).
 * Lags beyond n−1 come back NaN.
 */
export function acf(y: ArrayLike<number>, maxLag: number): Float64Array {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let c0 = 0;
  for (let i = 0; i < n; i++) c0 += (y[i] - mean) ** 2;
  const out = new Float64Array(maxLag).fill(NaN);
  for (let lag = 1; lag <= maxLag && lag < n; lag++) {
    let c = 0;
    for (let i = lag; i < n; i++) c += (y[i] - mean) * (y[i - lag] - mean);
    out[lag - 1] = c0 === 0 ? NaN : c / c0;
  }
  return out;
}

/**
 * The M4 benchmarks' seasonality test: the autocorrelation at lag m is significant at 90% (one-sided z 1.645)
 * against Bartlett's standard error built from the lower lags. Needs at least 3 periods and m within R's
 * default `acf` lag window (10·log10 n, unless `anyLag`); otherwise "not seasonal".
 */
export function isSeasonal(y: ArrayLike<number>, m: number, options: { anyLag?: boolean } = {}): boolean {
  const n = y.length;
  if (m <= 1 || n < 3 * m) return false;
  // `anyLag` widens the window to reach m, for long periods the M4 rule would never test.
  const maxLag = Math.max(Math.floor(10 * Math.log10(n)), options.anyLag ? m : 0);
  if (m > maxLag) return false;
  const r = acf(y, maxLag);
  let cumulative = 1;
  for (let k = 0; k < m - 1; k++) cumulative += 2 * r[k] * r[k];
  const limit = (1.645 / Math.sqrt(n)) * Math.sqrt(cumulative);
  const rm = r[m - 1];
  return Number.isFinite(rm) && Math.abs(rm) > limit;
}

export interface SeasonalAdjustment {
  /** The series divided by its seasonal indices (a copy of the input when no adjustment applies). */
  adjusted: Float64Array;
  /** Whether a seasonal adjustment was applied. */
  seasonal: boolean;
  /**
   * Seasonal index at position i counted from the first observation (1 when not adjusted); i ≥ n continues
   * the cycle, so forecasts k steps after a history of length n are multiplied by `indexAt(n + k)`.
   */
  indexAt(i: number): number;
  /** The m seasonal indices behind `indexAt` when adjusted (what a saved model keeps of the adjustment). */
  figure?: Float64Array;
}

/** `test` is the M4 rule; `test-any-lag` the same test for periods beyond R's default acf window. */
export type SeasonalAdjustMode = 'test' | 'test-any-lag' | 'always' | 'never';

/**
 * Seasonal adjustment as the M4 benchmarks do it: when m > 1 and the 90% autocorrelation test passes,
 * divide by the indices of a classical multiplicative decomposition and continue the cycle of indices into the
 * future. Multiplicative indices need positive data, so a series with zeros or negatives is left unadjusted
 * (the ratios would be meaningless), as is one shorter than two periods.
 */
export function seasonalAdjust(y: ArrayLike<number>, m: number, mode: SeasonalAdjustMode = 'test'): SeasonalAdjustment {
  const n = y.length;
  const none: SeasonalAdjustment = { adjusted: Float64Array.from(y), seasonal: false, indexAt: () => 1 };
  if (mode === 'never' || m <= 1 || n < 2 * m) return none;
  for (let i = 0; i < n; i++) if (!(y[i] > 0)) return none;
  if (mode === 'test' && !isSeasonal(y, m)) return none;
  if (mode === 'test-any-lag' && !isSeasonal(y, m, { anyLag: true })) return none;
  const { figure } = decompose(y, m, 'multiplicative');
  const adjusted = new Float64Array(n);
  for (let i = 0; i < n; i++) adjusted[i] = y[i] / figure[i % m];
  return { adjusted, seasonal: true, indexAt: (i) => figure[i % m], figure };
}

/** Divides a history (which may extend the adjusted one) by the same cycle of indices. */
export function applyAdjustment(adjustment: Pick<SeasonalAdjustment, 'indexAt'>, y: ArrayLike<number>): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[i] / adjustment.indexAt(i);
  return out;
}

/** One-sided 97.5%: stricter than the M4 rule's 90%, since every candidate period of a series is tested. */
const DETECTION_Z = 1.96;
/** Seasonal strength that counts as seasonal on its own (forecast's nsdiffs threshold). */
const STRONG_SEASONALITY = 0.64;

/**
 * The candidate periods y shows, ascending. A period p counts once the series is detrended by a centred moving
 * average of order p and the shorter periods already kept are taken out by their classical seasonal figures, when
 * the series spans more than two cycles and either the autocorrelation at lag p is significant (above DETECTION_Z
 * times Bartlett's standard error from the lower lags) or, with at least three detrended cycles, the seasonal
 * figure explains STRONG_SEASONALITY of the detrended variance (Wang, Smith & Hyndman's strength: a clean cycle
 * makes Bartlett's bound reach 1, so the autocorrelation test alone would miss it). Detrending spares slow series
 * (a random walk, a temperature's persistence) a spurious short cycle, and removing the shorter cycles keeps a daily
 * cycle from passing as a weekly one (168 is a multiple of 24). Series with missing or non-finite values show none.
 */
export function detectSeasonalities(y: ArrayLike<number>, candidates: readonly number[]): number[] {
  const n = y.length;
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i])) return [];
  const periods = [...new Set(candidates.map(Math.trunc))].filter((p) => p > 1 && n > 2 * p).sort((a, b) => a - b);
  const kept: number[] = [];
  let x = Float64Array.from(y);
  for (const p of periods) {
    if (!cycleAtLag(x, p)) continue;
    kept.push(p);
    const { figure } = decompose(x, p, 'additive');
    x = x.map((v, i) => v - figure[i % p]);
  }
  return kept;
}

function cycleAtLag(x: Float64Array, p: number): boolean {
  const trend = centredMovingAverage(x, p);
  const detrended: number[] = [];
  const first = trend.findIndex((v) => !Number.isNaN(v));
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(trend[i])) detrended.push(x[i] - trend[i]);
  const n = detrended.length;
  if (n <= p) return false;
  const r = acf(detrended, p);
  let cumulative = 1;
  for (let k = 0; k < p - 1; k++) cumulative += 2 * r[k] * r[k];
  const rp = r[p - 1];
  if (Number.isFinite(rp) && rp > (DETECTION_Z / Math.sqrt(n)) * Math.sqrt(cumulative)) return true;
  return n >= 3 * p && seasonalStrength(detrended, p, first) >= STRONG_SEASONALITY;
}

/** 1 − Var(remainder) / Var(detrended), the figure being the mean per position in the cycle (`offset`: x[0]'s). */
function seasonalStrength(detrended: readonly number[], p: number, offset: number): number {
  const sums = new Float64Array(p);
  const counts = new Float64Array(p);
  detrended.forEach((v, i) => {
    sums[(i + offset) % p] += v;
    counts[(i + offset) % p]++;
  });
  let total = 0;
  let remainder = 0;
  const mean = detrended.reduce((a, b) => a + b, 0) / detrended.length;
  detrended.forEach((v, i) => {
    const k = (i + offset) % p;
    total += (v - mean) ** 2;
    remainder += (v - sums[k] / counts[k]) ** 2;
  });
  return total > 0 ? 1 - remainder / total : 0;
}
