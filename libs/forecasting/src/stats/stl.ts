/**
 * STL, seasonal-trend decomposition by loess (Cleveland, Cleveland, McRae & Terpenning 1990), a port of the
 * netlib Fortran that R's `stats::stl` calls (non-robust: 2 inner passes, no outer robustness passes), with R's
 * defaults for the windows and jumps. Loess is evaluated every `jump` points and interpolated linearly between,
 * as the Fortran does, so the numbers match R's to rounding.
 */

export interface StlOptions {
  /** Seasonal smoothing window (odd; R's `s.window`). */
  seasonalWindow: number;
  /** Trend window; default R's nextodd(ceiling(1.5·period / (1 − 1.5/s.window))). */
  trendWindow?: number;
}

export interface StlDecomposition {
  seasonal: Float64Array;
  trend: Float64Array;
}

/** R's nextodd: round, then up to the next odd integer. */
function nextOdd(x: number): number {
  const r = Math.round(x);
  return r % 2 === 0 ? r + 1 : r;
}

/**
 * Local (degree 0 or 1) tricube-weighted fit at abscissa xs (1-based) from y[nleft..nright] (1-based, inclusive);
 * null where every weight is zero (the Fortran's `ok = .false.`).
 */
function loessAt(
  y: Float64Array,
  n: number,
  len: number,
  degree: number,
  xs: number,
  nleft: number,
  nright: number,
  w: Float64Array,
): number | null {
  const range = n - 1;
  let h = Math.max(xs - nleft, nright - xs);
  if (len > n) h += Math.trunc((len - n) / 2);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let a = 0;
  for (let j = nleft; j <= nright; j++) {
    w[j - 1] = 0;
    const r = Math.abs(j - xs);
    if (r <= h9) {
      w[j - 1] = r <= h1 ? 1 : (1 - (r / h) ** 3) ** 3;
      a += w[j - 1];
    }
  }
  if (a <= 0) return null;
  for (let j = nleft; j <= nright; j++) w[j - 1] /= a;
  if (h > 0 && degree > 0) {
    let mean = 0;
    for (let j = nleft; j <= nright; j++) mean += w[j - 1] * j;
    let b = xs - mean;
    let c = 0;
    for (let j = nleft; j <= nright; j++) c += w[j - 1] * (j - mean) ** 2;
    if (Math.sqrt(c) > 0.001 * range) {
      b /= c;
      for (let j = nleft; j <= nright; j++) w[j - 1] *= b * (j - mean) + 1;
    }
  }
  let ys = 0;
  for (let j = nleft; j <= nright; j++) ys += w[j - 1] * y[j - 1];
  return ys;
}

/** Loess smooth of y[0..n) with window len, evaluated every `jump` points and interpolated (the Fortran's stless). */
function loessSmooth(y: Float64Array, n: number, len: number, degree: number, jump: number, out: Float64Array, w: Float64Array): void {
  if (n < 2) {
    out[0] = y[0];
    return;
  }
  const step = Math.min(jump, n - 1);
  let nleft = 1;
  let nright = n;
  const fitAt = (i: number) => {
    const v = loessAt(y, n, len, degree, i, nleft, nright, w);
    out[i - 1] = v ?? y[i - 1];
  };
  if (len >= n) {
    for (let i = 1; i <= n; i += step) fitAt(i);
  } else if (step === 1) {
    const half = Math.trunc((len + 1) / 2);
    nright = len;
    for (let i = 1; i <= n; i++) {
      if (i > half && nright !== n) {
        nleft++;
        nright++;
      }
      fitAt(i);
    }
  } else {
    const half = Math.trunc((len + 1) / 2);
    for (let i = 1; i <= n; i += step) {
      if (i < half) {
        nleft = 1;
        nright = len;
      } else if (i >= n - half + 1) {
        nleft = n - len + 1;
        nright = n;
      } else {
        nleft = i - half + 1;
        nright = len + i - half;
      }
      fitAt(i);
    }
  }
  if (step === 1) return;
  for (let i = 1; i <= n - step; i += step) {
    const delta = (out[i + step - 1] - out[i - 1]) / step;
    for (let j = i + 1; j <= i + step - 1; j++) out[j - 1] = out[i - 1] + delta * (j - i);
  }
  const k = Math.trunc((n - 1) / step) * step + 1;
  if (k !== n) {
    fitAt(n);
    if (k !== n - 1) {
      const delta = (out[n - 1] - out[k - 1]) / (n - k);
      for (let j = k + 1; j <= n - 1; j++) out[j - 1] = out[k - 1] + delta * (j - k);
    }
  }
}

/** Moving average of length len over x[0..n): n − len + 1 values. */
function movingAverage(x: Float64Array, n: number, len: number, out: Float64Array): void {
  let v = 0;
  for (let i = 0; i < len; i++) v += x[i];
  out[0] = v / len;
  for (let j = 1; j <= n - len; j++) {
    v += x[j + len - 1] - x[j - 1];
    out[j] = v / len;
  }
}

/**
 * Smooths each cycle-subseries (every period-th point) by loess and extends it one point at each end, so the
 * result (length n + 2·period) can be low-pass filtered back to length n (the Fortran's stlss).
 */
function smoothCycleSubseries(y: Float64Array, n: number, period: number, window: number, degree: number, jump: number, out: Float64Array): void {
  const k0 = Math.trunc((n - 1) / period) + 1;
  const sub = new Float64Array(k0);
  const smooth = new Float64Array(k0 + 2);
  const w = new Float64Array(k0);
  for (let j = 0; j < period; j++) {
    const k = Math.trunc((n - 1 - j) / period) + 1;
    for (let i = 0; i < k; i++) sub[i] = y[i * period + j];
    const body = smooth.subarray(1);
    loessSmooth(sub, k, window, degree, jump, body, w);
    const first = loessAt(sub, k, window, degree, 0, 1, Math.min(window, k), w);
    smooth[0] = first ?? smooth[1];
    const last = loessAt(sub, k, window, degree, k + 1, Math.max(1, k - window + 1), k, w);
    smooth[k + 1] = last ?? smooth[k];
    for (let m = 0; m < k + 2; m++) out[m * period + j] = smooth[m];
  }
}

/**
 * STL of y with the given period (at least 2, and y longer than two periods). R's defaults otherwise:
 * seasonal degree 0, trend and low-pass degree 1, low-pass window nextodd(period), jumps ceil(window/10).
 */
export function stl(y: ArrayLike<number>, period: number, options: StlOptions): StlDecomposition {
  const n = y.length;
  const np = Math.trunc(period);
  if (np < 2 || n <= 2 * np) throw new RangeError(`stl needs a period of at least 2 and more than two periods (period ${period}, n ${n})`);
  const sWindowGiven = options.seasonalWindow;
  const tWindowGiven = options.trendWindow ?? nextOdd(Math.ceil((1.5 * np) / (1 - 1.5 / sWindowGiven)));
  const lWindowGiven = nextOdd(np);
  const sJump = Math.ceil(sWindowGiven / 10);
  const tJump = Math.ceil(tWindowGiven / 10);
  const lJump = Math.ceil(lWindowGiven / 10);
  const odd = (x: number) => {
    const v = Math.max(3, x);
    return v % 2 === 0 ? v + 1 : v;
  };
  const ns = odd(sWindowGiven);
  const nt = odd(tWindowGiven);
  const nl = odd(lWindowGiven);

  const x = Float64Array.from(y);
  const trend = new Float64Array(n);
  const seasonal = new Float64Array(n);
  const detrended = new Float64Array(n + 2 * np);
  const cycles = new Float64Array(n + 2 * np);
  const lowA = new Float64Array(n + 2 * np);
  const lowB = new Float64Array(n + 2 * np);
  const lowPass = new Float64Array(n);
  const w = new Float64Array(n + 2 * np);
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < n; i++) detrended[i] = x[i] - trend[i];
    smoothCycleSubseries(detrended, n, np, ns, 0, sJump, cycles);
    // Low-pass filter of the cycle-subseries: MA(np), MA(np), MA(3), then loess.
    movingAverage(cycles, n + 2 * np, np, lowA);
    movingAverage(lowA, n + np + 1, np, lowB);
    movingAverage(lowB, n + 2, 3, lowA);
    loessSmooth(lowA, n, nl, 1, lJump, lowPass, w);
    for (let i = 0; i < n; i++) seasonal[i] = cycles[np + i] - lowPass[i];
    for (let i = 0; i < n; i++) detrended[i] = x[i] - seasonal[i];
    loessSmooth(detrended, n, nt, 1, tJump, trend, w);
  }
  return { seasonal, trend };
}
