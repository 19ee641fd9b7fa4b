/** Least-squares helpers: a straight-line trend and small dense regressions. */

export interface LinearTrend {
  /** Value at t = 0, with the first observation at t = 1 (as R's `lm(y ~ seq_along(y))`). */
  intercept: number;
  slope: number;
}

/** OLS line through (1, y[0]), (2, y[1]), … over the first `count` values (all by default). */
export function linearTrend(y: ArrayLike<number>, count = y.length): LinearTrend {
  const n = Math.min(count, y.length);
  if (n === 0) return { intercept: NaN, slope: NaN };
  if (n === 1) return { intercept: y[0], slope: 0 };
  const meanT = (n + 1) / 2;
  let meanY = 0;
  for (let i = 0; i < n; i++) meanY += y[i];
  meanY /= n;
  let sty = 0;
  let stt = 0;
  for (let i = 0; i < n; i++) {
    const dt = i + 1 - meanT;
    sty += dt * (y[i] - meanY);
    stt += dt * dt;
  }
  const slope = sty / stt;
  return { intercept: meanY - slope * meanT, slope };
}

/**
 * Ordinary least squares for a small design matrix given as columns (Householder QR, so nearly collinear columns
 * such as a trend and a low-frequency harmonic stay accurate). Returns one coefficient per column.
 */
export function leastSquares(columns: readonly ArrayLike<number>[], y: ArrayLike<number>): Float64Array {
  const p = columns.length;
  const n = y.length;
  if (n < p) throw new RangeError(`least squares: ${n} observations cannot identify ${p} coefficients`);
  const a = columns.map((c) => Float64Array.from(c));
  const b = Float64Array.from(y);
  for (let k = 0; k < p; k++) {
    const col = a[k];
    let norm = 0;
    for (let i = k; i < n; i++) norm += col[i] * col[i];
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = col[k] > 0 ? -norm : norm;
    const v0 = col[k] - alpha;
    // Householder vector v = (v0, col[k+1..]); H = I − 2vvᵀ/vᵀv.
    let vv = v0 * v0;
    for (let i = k + 1; i < n; i++) vv += col[i] * col[i];
    const apply = (x: Float64Array): void => {
      let dot = v0 * x[k];
      for (let i = k + 1; i < n; i++) dot += col[i] * x[i];
      const s = (2 * dot) / vv;
      x[k] -= s * v0;
      for (let i = k + 1; i < n; i++) x[i] -= s * col[i];
    };
    for (let j = k + 1; j < p; j++) apply(a[j]);
    apply(b);
    col[k] = alpha;
    for (let i = k + 1; i < n; i++) col[i] = 0;
  }
  const coef = new Float64Array(p);
  for (let k = p - 1; k >= 0; k--) {
    let s = b[k];
    for (let j = k + 1; j < p; j++) s -= a[j][k] * coef[j];
    coef[k] = a[k][k] === 0 ? 0 : s / a[k][k];
  }
  return coef;
}
