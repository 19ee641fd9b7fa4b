/**
 * The engine's one rule on the range of a forecast: a series whose history has no negative value (counts, sales,
 * demand, prices) is forecast at 0 or above, and so are its interval bounds, whatever the model. Raising a value
 * below 0 to 0 brings it nearer to any actual ≥ 0, so on such actuals no error metric gets worse (docs/ACCURACY.md).
 */

/** Whether every known value (NaN = missing) is ≥ 0, with at least one known. */
export function isNonNegative(history: ArrayLike<number>): boolean {
  let known = false;
  for (let i = 0; i < history.length; i++) {
    const v = history[i];
    if (v < 0) return false;
    if (!Number.isNaN(v)) known = true;
  }
  return known;
}

/** `values` with every value below 0 raised to 0 (NaN kept: it marks a missing forecast). */
export function floorAtZero(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values, (v) => (v < 0 ? 0 : v));
}

/** How many values are below 0 (the rule's effect, for the warning that states it). */
export function countBelowZero(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] < 0) n++;
  return n;
}

/** The forecast as the engine gives it for `history`: floored at 0 when the history is non-negative. */
export function boundForecast(history: ArrayLike<number>, forecast: ArrayLike<number>): Float64Array {
  return isNonNegative(history) ? floorAtZero(forecast) : Float64Array.from(forecast);
}
