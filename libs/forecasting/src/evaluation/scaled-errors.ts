/**
 * Scale-free errors suited to intermittent demand, where percentage errors divide by zero and sMAPE scores any
 * non-zero forecast of a zero as 200. Both scale by the in-sample one-step changes, as MASE does with m = 1.
 * Pairs with a missing actual are skipped; NaN where nothing can be scored or the scale is 0.
 */
type Values = ArrayLike<number>;

/** Mean of `term` over the known pairs (NaN when none). */
function meanKnown(y: Values, yHat: Values, term: (error: number) => number): number {
  if (y.length !== yHat.length) throw new RangeError(`actuals and forecasts differ in length (${y.length} vs ${yHat.length})`);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(y[i])) continue;
    sum += term(y[i] - yHat[i]);
    count++;
  }
  return count === 0 ? NaN : sum / count;
}

/** Mean of `term` over the in-sample one-step changes (NaN when none is known). */
function meanChange(insample: Values, term: (change: number) => number): number {
  let sum = 0;
  let count = 0;
  for (let t = 1; t < insample.length; t++) {
    const d = insample[t] - insample[t - 1];
    if (Number.isNaN(d)) continue;
    sum += term(d);
    count++;
  }
  return count === 0 ? NaN : sum / count;
}

const positiveOrNaN = (v: number): number => (v > 0 ? v : NaN);

/** Root mean squared scaled error (the M5 competition's accuracy measure): RMSE over the RMS in-sample change. */
export function rmsse(y: Values, yHat: Values, insample: Values): number {
  const scale = positiveOrNaN(meanChange(insample, (d) => d * d));
  return Math.sqrt(meanKnown(y, yHat, (e) => e * e) / scale);
}

/**
 * Mean error (actual − forecast) over the mean absolute in-sample change: positive when the forecast is too low.
 * Croston's method is known to be biased high, so this tells its corrections apart where accuracy does not.
 */
export function scaledBias(y: Values, yHat: Values, insample: Values): number {
  return meanKnown(y, yHat, (e) => e) / positiveOrNaN(meanChange(insample, Math.abs));
}
