/**
 * Accuracy metrics as pure functions of actuals and forecasts, with the M4 competition's definitions.
 * Pairs whose actual is missing (NaN) are skipped — a missing actual cannot be scored; a NaN forecast is not
 * skipped, so a broken model shows up as NaN instead of being quietly ignored. Every function returns NaN
 * when nothing can be scored, and refuses (NaN) rather than answer a score that is not a finite number: an infinite
 * actual or forecast, an error beyond the range of a double, an actual of 0 in MAPE, an infinite or zero MASE scale.
 * An infinite scale would otherwise turn any error into a perfect MASE of 0.
 */

type Values = ArrayLike<number>;

const finiteOrNaN = (v: number): number => (Number.isFinite(v) ? v : NaN);

function checkLengths(y: Values, yHat: Values): void {
  if (y.length !== yHat.length) {
    throw new RangeError(`actuals and forecasts differ in length (${y.length} vs ${yHat.length})`);
  }
}

/** Mean of `term(y, ŷ)` over the pairs with a known actual. */
function meanOver(y: Values, yHat: Values, term: (y: number, yHat: number) => number): number {
  checkLengths(y, yHat);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i])) continue;
    sum += term(y[i], yHat[i]);
    count++;
  }
  return count === 0 ? NaN : finiteOrNaN(sum / count);
}

export function mae(y: Values, yHat: Values): number {
  return meanOver(y, yHat, (a, f) => Math.abs(a - f));
}

export function rmse(y: Values, yHat: Values): number {
  return Math.sqrt(meanOver(y, yHat, (a, f) => (a - f) ** 2));
}

/** Mean absolute percentage error, in percent. Undefined (NaN) where an actual is 0. */
export function mape(y: Values, yHat: Values): number {
  return meanOver(y, yHat, (a, f) => (100 * Math.abs(a - f)) / Math.abs(a));
}

/** Symmetric MAPE as M4 defines it: 200/h · Σ|y−ŷ|/(|y|+|ŷ|), in [0, 200]; a pair where both are 0 counts 0. */
export function smape(y: Values, yHat: Values): number {
  return meanOver(y, yHat, (a, f) => {
    const denominator = Math.abs(a) + Math.abs(f);
    return denominator === 0 ? 0 : (200 * Math.abs(a - f)) / denominator;
  });
}

/** Weighted APE: Σ|y−ŷ| / Σ|y|, in percent — robust to zeros in single actuals. */
export function wape(y: Values, yHat: Values): number {
  checkLengths(y, yHat);
  let errors = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i])) continue;
    errors += Math.abs(y[i] - yHat[i]);
    total += Math.abs(y[i]);
  }
  return total === 0 ? NaN : finiteOrNaN((100 * errors) / total);
}

/**
 * The MASE denominator: in-sample MAE of the seasonal naive forecast with lag m, (1/(n−m)) Σ_{t>m} |y_t − y_{t−m}|.
 * NaN when the history is not longer than m, or when the scale is not finite (an infinite value, or differences
 * beyond the range of a double).
 */
export function maseScale(insample: Values, m: number): number {
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`seasonal period must be a positive integer, got ${m}`);
  let sum = 0;
  let count = 0;
  for (let t = m; t < insample.length; t++) {
    const d = insample[t] - insample[t - m];
    if (Number.isNaN(d)) continue;
    sum += Math.abs(d);
    count++;
  }
  return count === 0 ? NaN : finiteOrNaN(sum / count);
}

/** Mean absolute scaled error (M4): MAE over the in-sample MAE of the seasonal naive with lag m; NaN on a zero scale. */
export function mase(y: Values, yHat: Values, insample: Values, m: number): number {
  return scaledError(mae(y, yHat), maseScale(insample, m));
}

/** An error over a scale; NaN where that is not finite, or where a nonzero error underflows to a perfect 0. */
export function scaledError(error: number, scale: number): number {
  const score = error / scale;
  return error > 0 && score === 0 ? NaN : finiteOrNaN(score);
}

/** Overall weighted average (M4): ½(sMAPE/sMAPE_Naive2 + MASE/MASE_Naive2); 1 means "as good as Naive2". */
export function owa(
  model: { smape: number; mase: number },
  naive2: { smape: number; mase: number },
): number {
  return 0.5 * (model.smape / naive2.smape + model.mase / naive2.mase);
}

/** Share of known actuals inside [lo, hi], in [0, 1]. */
export function coverage(y: Values, lo: Values, hi: Values): number {
  checkLengths(y, lo);
  checkLengths(y, hi);
  let inside = 0;
  let count = 0;
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i])) continue;
    if (y[i] >= lo[i] && y[i] <= hi[i]) inside++;
    count++;
  }
  return count === 0 ? NaN : inside / count;
}

/**
 * Pinball (quantile) loss of a forecast `q` of the `tau` quantile, tau in (0, 1):
 * mean of tau·(y−q) where y ≥ q, (1−tau)·(q−y) otherwise.
 */
export function pinball(y: Values, q: Values, tau: number): number {
  if (!(tau > 0 && tau < 1)) throw new RangeError(`quantile level must be in (0, 1), got ${tau}`);
  return meanOver(y, q, (a, f) => (a >= f ? tau * (a - f) : (1 - tau) * (f - a)));
}

/**
 * A metric at each horizon step: column k of `ys`/`yHats` (one row per forecast, e.g. per window or series)
 * scored with `metric`. Rows may be shorter than the horizon; missing cells are skipped.
 */
export function perStep(
  ys: readonly Values[],
  yHats: readonly Values[],
  metric: (y: number[], yHat: number[]) => number,
): number[] {
  if (ys.length !== yHats.length) throw new RangeError(`${ys.length} actual rows but ${yHats.length} forecast rows`);
  const horizon = ys.reduce((most, row) => Math.max(most, row.length), 0);
  const out: number[] = [];
  for (let k = 0; k < horizon; k++) {
    const y: number[] = [];
    const f: number[] = [];
    ys.forEach((row, r) => {
      if (k < row.length) {
        y.push(row[k]);
        f.push(yHats[r][k]);
      }
    });
    out.push(metric(y, f));
  }
  return out;
}
