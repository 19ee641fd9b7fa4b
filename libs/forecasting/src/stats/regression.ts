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

/** A linear fit on the original scale: y ≈ intercept + Σ coef[j]·x_j. */
export interface LinearFit {
  intercept: number;
  coef: Float64Array;
}

/**
 * Ridge regression with an unpenalised intercept: columns are centred and scaled to unit variance, `lambda` is added
 * to the diagonal (as extra rows √λ·e_j), and the coefficients are returned on the original scale. A small lambda
 * keeps near-collinear regressors (a trend and a slow harmonic in a short window, a column that never fires) from
 * exploding; a constant column gets 0.
 */
export function ridgeRegression(columns: readonly ArrayLike<number>[], y: ArrayLike<number>, lambda: number): LinearFit {
  const n = y.length;
  const p = columns.length;
  const center = columns.map((c) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += c[i];
    return sum / Math.max(1, n);
  });
  const scale = columns.map((c, j) => {
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (c[i] - center[j]) ** 2;
    return Math.sqrt(ss / Math.max(1, n));
  });
  const rows = n + p;
  const design = [new Float64Array(rows).fill(1, 0, n)];
  columns.forEach((c, j) => {
    const col = new Float64Array(rows);
    if (scale[j] > 1e-12) for (let i = 0; i < n; i++) col[i] = (c[i] - center[j]) / scale[j];
    col[n + j] = Math.sqrt(lambda);
    design.push(col);
  });
  const target = new Float64Array(rows);
  for (let i = 0; i < n; i++) target[i] = y[i];
  const b = leastSquares(design, target);
  const coef = new Float64Array(p);
  let intercept = b[0];
  for (let j = 0; j < p; j++) {
    coef[j] = scale[j] > 1e-12 ? b[j + 1] / scale[j] : 0;
    intercept -= coef[j] * center[j];
  }
  return { intercept, coef };
}

/** intercept + Σ coef[j]·columns[j][i] for i in [from, to). */
export function linearPredict(fit: LinearFit, columns: readonly ArrayLike<number>[], from: number, to: number): Float64Array {
  const out = new Float64Array(Math.max(0, to - from)).fill(fit.intercept);
  columns.forEach((c, j) => {
    for (let i = from; i < to; i++) out[i - from] += fit.coef[j] * c[i];
  });
  return out;
}
