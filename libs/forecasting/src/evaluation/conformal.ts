/**
 * Split-conformal prediction intervals from backtest residuals.
 *
 * Scores are absolute backtest errors divided by a per-series scale (the MASE denominator of the window's
 * training data), so residuals of series of very different magnitudes can be pooled; an interval is then
 * ŷ ± q·scale. Scores are pooled per horizon step, since errors grow with the lead time.
 */

/**
 * The conformal quantile of `scores` at `level` percent: the ⌈(n+1)·level/100⌉-th smallest score, which covers a new
 * exchangeable score with probability ≥ level. With too few scores for that rank, the largest score is returned
 * and `exact` is false (the interval may then under-cover).
 */
export function conformalQuantile(scores: readonly number[], level: number): { q: number; exact: boolean } {
  checkLevel(level);
  return quantileOfSorted(sortFinite(scores), level);
}

/** Finite scores, ascending, as a typed array (its numeric sort is far faster than Array#sort with a comparator). */
function sortFinite(scores: readonly number[]): Float64Array {
  return Float64Array.from(scores.filter(Number.isFinite)).sort();
}

function quantileOfSorted(sorted: Float64Array, level: number): { q: number; exact: boolean } {
  const n = sorted.length;
  if (n === 0) return { q: NaN, exact: false };
  const rank = Math.ceil(((n + 1) * level) / 100);
  return rank <= n ? { q: sorted[rank - 1], exact: true } : { q: sorted[n - 1], exact: false };
}

export function checkLevel(level: number): void {
  if (!(level > 0 && level < 100)) throw new RangeError(`interval level must be in (0, 100) percent, got ${level}`);
}

/** One quantile per horizon step and level. */
export interface ConformalCalibration {
  /** level (as a string, e.g. "80") → q per step */
  quantiles: Record<string, number[]>;
  /** Steps whose own scores were too few for a level and fell back to scores pooled over all steps. */
  pooledSteps: Record<string, number[]>;
  /** False where even the pooled scores were too few for a level's rank. */
  exact: Record<string, boolean>;
}

/** `scoresByStep[k]` holds the scaled absolute errors at step k+1 from every (series, window) of the backtest. */
export function calibrate(scoresByStep: readonly number[][], levels: readonly number[]): ConformalCalibration {
  levels.forEach(checkLevel);
  const sortedByStep = scoresByStep.map(sortFinite);
  let pooled: Float64Array | null = null; // sorted lazily: only needed where a step has too few scores
  const quantiles: Record<string, number[]> = {};
  const pooledSteps: Record<string, number[]> = {};
  const exact: Record<string, boolean> = {};
  for (const level of levels) {
    const key = String(level);
    quantiles[key] = [];
    pooledSteps[key] = [];
    exact[key] = true;
    sortedByStep.forEach((sorted, k) => {
      const own = quantileOfSorted(sorted, level);
      if (own.exact) {
        quantiles[key].push(own.q);
        return;
      }
      pooled ??= sortFinite(scoresByStep.flat());
      const fallback = quantileOfSorted(pooled, level);
      quantiles[key].push(fallback.q);
      pooledSteps[key].push(k);
      if (!fallback.exact) exact[key] = false;
    });
  }
  return { quantiles, pooledSteps, exact };
}

/** Interval bounds ŷ ± q_k·scale for each step. */
export function intervalFor(
  yHat: ArrayLike<number>,
  q: readonly number[],
  scale: number,
): { lo: number[]; hi: number[] } {
  const lo: number[] = [];
  const hi: number[] = [];
  for (let k = 0; k < yHat.length; k++) {
    lo.push(yHat[k] - q[k] * scale);
    hi.push(yHat[k] + q[k] * scale);
  }
  return { lo, hi };
}
