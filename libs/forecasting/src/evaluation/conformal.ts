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
  /** Steps whose own scores were too few for the highest level, so their quantiles came from the nearest steps' too. */
  pooledSteps: number[];
  /** False where even the scores of every step were too few for a level's rank. */
  exact: Record<string, boolean>;
}

/**
 * `scoresByStep[k]` holds the scaled absolute errors at step k+1 from every (series, window) of the backtest.
 * Every level's quantile at a step is taken from one sample (the step's own scores, or with too few of them for the
 * highest level's rank, those of the nearest steps too), so the intervals nest by construction: a higher level's rank
 * in the same sorted sample is never lower. Near steps stand in for a step's own errors since errors grow with the
 * lead time; pooling every step would flatten that growth.
 */
export function calibrate(scoresByStep: readonly number[][], levels: readonly number[]): ConformalCalibration {
  levels.forEach(checkLevel);
  const highest = Math.max(...levels);
  const counts = scoresByStep.map((scores) => scores.filter(Number.isFinite).length);
  const quantiles: Record<string, number[]> = Object.fromEntries(levels.map((level) => [String(level), []]));
  const exact: Record<string, boolean> = Object.fromEntries(levels.map((level) => [String(level), true]));
  const pooledSteps: number[] = [];
  counts.forEach((_, k) => {
    const [from, to] = stepsEnoughFor(counts, k, highest);
    if (to - from > 1) pooledSteps.push(k);
    const sample = sortFinite(scoresByStep.slice(from, to).flat());
    for (const level of levels) {
      const { q, exact: exactHere } = quantileOfSorted(sample, level);
      quantiles[String(level)].push(q);
      if (!exactHere) exact[String(level)] = false;
    }
  });
  return { quantiles, pooledSteps, exact };
}

/** The steps [from, to) around step k, widened one each side at a time, until their scores are enough for `level`. */
function stepsEnoughFor(counts: readonly number[], k: number, level: number): [number, number] {
  let [from, to, n] = [k, k + 1, counts[k]];
  while (!rankFits(n, level) && (from > 0 || to < counts.length)) {
    if (from > 0) n += counts[--from];
    if (to < counts.length) n += counts[to++];
  }
  return [from, to];
}

/** Whether n scores hold the conformal rank ⌈(n+1)·level/100⌉. */
function rankFits(n: number, level: number): boolean {
  return n > 0 && Math.ceil(((n + 1) * level) / 100) <= n;
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
