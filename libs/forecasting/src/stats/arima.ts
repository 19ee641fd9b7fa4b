/**
 * Seasonal ARIMA(p,d,q)(P,D,Q)_m estimation, after R's stats::arima: the series is differenced, an ARMA with an
 * optional mean (a drift in the undifferenced series when d + D = 1) is fitted to the differences by conditional sum
 * of squares (CSS) and, for CSS-ML, then by exact Gaussian likelihood through a Kalman filter started from the
 * stationary state covariance, with AR parameters optimised through the PACF transform so they stay stationary.
 * Forecasts run the filter to the end and undo the differencing.
 */
import { armaKalman } from './arima-kalman';
import { bfgs } from './bfgs';
import { minRootModulus, polyroot } from './polyroot';

export interface ArimaOrder {
  p: number;
  d: number;
  q: number;
  P: number;
  D: number;
  Q: number;
  /** Seasonal period (1 = non-seasonal). */
  m: number;
  /** Mean of the differenced series: an intercept when d + D = 0, a drift when d + D = 1. */
  constant: boolean;
}

export type ArimaMethod = 'css' | 'css-ml';

export interface ArimaFit {
  order: ArimaOrder;
  method: ArimaMethod;
  ar: Float64Array;
  ma: Float64Array;
  sar: Float64Array;
  sma: Float64Array;
  /** Mean of the differenced series (0 without a constant). */
  mean: number;
  /** Expanded AR and MA polynomials: φ(B) = 1 − Σ phi_k B^k, θ(B) = 1 + Σ theta_k B^k. */
  phi: Float64Array;
  theta: Float64Array;
  sigma2: number;
  /** Log-likelihood (Gaussian; for CSS fits the conditional one). */
  loglik: number;
  aic: number;
  aicc: number;
  bic: number;
  /** Number of estimated coefficients (not counting the variance). */
  coefficientCount: number;
  /** Length of the differenced series the criteria were computed on. */
  nUsed: number;
}

export class ArimaFitError extends Error {}

/** Coefficients c of Δ(B) = (1−B)^d (1−B^m)^D, c[0] = 1, so w_t = Σ c_k y_{t−k}. */
export function differencingPolynomial(d: number, D: number, m: number): Float64Array {
  let poly = [1];
  const multiply = (lag: number): void => {
    const out = new Array<number>(poly.length + lag).fill(0);
    for (let i = 0; i < poly.length; i++) {
      out[i] += poly[i];
      out[i + lag] -= poly[i];
    }
    poly = out;
  };
  for (let i = 0; i < d; i++) multiply(1);
  for (let i = 0; i < D; i++) multiply(m);
  return Float64Array.from(poly);
}

export function difference(y: ArrayLike<number>, d: number, D: number, m: number): Float64Array {
  const c = differencingPolynomial(d, D, m);
  const k = c.length - 1;
  const n = y.length - k;
  const w = new Float64Array(Math.max(n, 0));
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let j = 0; j <= k; j++) s += c[j] * y[t + k - j];
    w[t] = s;
  }
  return w;
}

/** Full AR and MA polynomials from the non-seasonal and seasonal parts (R's sign conventions). */
export function expandPolynomials(
  ar: ArrayLike<number>,
  ma: ArrayLike<number>,
  sar: ArrayLike<number>,
  sma: ArrayLike<number>,
  m: number,
): { phi: Float64Array; theta: Float64Array } {
  const p = ar.length;
  const q = ma.length;
  const P = sar.length;
  const Q = sma.length;
  const phi = new Float64Array(p + m * P);
  const theta = new Float64Array(q + m * Q);
  for (let i = 0; i < p; i++) phi[i] += ar[i];
  for (let j = 0; j < P; j++) {
    phi[(j + 1) * m - 1] += sar[j];
    for (let i = 0; i < p; i++) phi[(j + 1) * m + i] -= ar[i] * sar[j];
  }
  for (let i = 0; i < q; i++) theta[i] += ma[i];
  for (let j = 0; j < Q; j++) {
    theta[(j + 1) * m - 1] += sma[j];
    for (let i = 0; i < q; i++) theta[(j + 1) * m + i] += ma[i] * sma[j];
  }
  return { phi, theta };
}

/** PACF-style map from R^p onto the stationary region (R's partrans). */
function toStationary(raw: ArrayLike<number>, offset: number, p: number, out: Float64Array): void {
  const work = new Float64Array(p);
  for (let j = 0; j < p; j++) work[j] = out[j] = Math.tanh(raw[offset + j]);
  for (let j = 1; j < p; j++) {
    const a = out[j];
    for (let k = 0; k < j; k++) work[k] -= a * out[j - k - 1];
    for (let k = 0; k < j; k++) out[k] = work[k];
  }
}

/** Inverse of `toStationary` (R's invpartrans); the AR part must be stationary. */
function fromStationary(phi: ArrayLike<number>): Float64Array {
  const p = phi.length;
  const out = Float64Array.from(phi);
  const work = Float64Array.from(phi);
  for (let j = p - 1; j > 0; j--) {
    const a = out[j];
    for (let k = 0; k < j; k++) work[k] = (out[k] + a * out[j - k - 1]) / (1 - a * a);
    for (let k = 0; k < j; k++) out[k] = work[k];
  }
  for (let j = 0; j < p; j++) out[j] = Math.atanh(Math.max(-1 + 1e-12, Math.min(1 - 1e-12, out[j])));
  return out;
}

/** Reflects MA roots inside the unit circle to make the polynomial invertible (R's maInvert). */
export function invertMa(ma: Float64Array): Float64Array {
  let q0 = ma.length;
  while (q0 > 0 && ma[q0 - 1] === 0) q0--;
  if (q0 === 0) return ma;
  const coeffs = [1, ...Array.from(ma.subarray(0, q0))];
  const { re, im } = polyroot(coeffs);
  let inside = false;
  for (let k = 0; k < re.length; k++) if (Math.hypot(re[k], im[k]) < 1) inside = true;
  if (!inside) return ma;
  if (q0 === 1) {
    const out = new Float64Array(ma.length);
    out[0] = 1 / ma[0];
    return out;
  }
  // Rebuild ∏(1 − z/r_k) with every root outside the unit circle.
  let pr = [1];
  let pi = [0];
  for (let k = 0; k < re.length; k++) {
    let rr = re[k];
    let ri = im[k];
    const mod2 = rr * rr + ri * ri;
    if (Math.sqrt(mod2) < 1) {
      rr = rr / mod2;
      ri = -ri / mod2;
    }
    // 1/r
    const d2 = rr * rr + ri * ri;
    const ir = rr / d2;
    const ii = -ri / d2;
    const nr = new Array<number>(pr.length + 1).fill(0);
    const ni = new Array<number>(pr.length + 1).fill(0);
    for (let j = 0; j < pr.length; j++) {
      nr[j] += pr[j];
      ni[j] += pi[j];
      // − x_j · (1/r) at power j+1
      nr[j + 1] -= pr[j] * ir - pi[j] * ii;
      ni[j + 1] -= pr[j] * ii + pi[j] * ir;
    }
    pr = nr;
    pi = ni;
  }
  const out = new Float64Array(ma.length);
  for (let j = 1; j <= q0; j++) out[j - 1] = pr[j];
  return out;
}

/** Conditional sum of squares of an ARMA on w − mean, conditioning on the first `ncond` values. */
export function cssResiduals(
  w: ArrayLike<number>,
  mean: number,
  phi: ArrayLike<number>,
  theta: ArrayLike<number>,
  ncond: number,
  residuals?: Float64Array,
): { sse: number; count: number } {
  const n = w.length;
  const p = phi.length;
  const q = theta.length;
  const e = residuals ?? new Float64Array(n);
  e.fill(0, 0, Math.min(ncond, n));
  let sse = 0;
  for (let t = ncond; t < n; t++) {
    let v = w[t] - mean;
    for (let k = 0; k < p; k++) v -= phi[k] * (w[t - k - 1] - mean);
    const qq = Math.min(q, t - ncond);
    for (let k = 0; k < qq; k++) v -= theta[k] * e[t - k - 1];
    e[t] = v;
    sse += v * v;
  }
  return { sse, count: Math.max(n - ncond, 0) };
}

interface Layout {
  order: ArimaOrder;
  /** Scale of the mean in the optimiser's coordinates (R's parscale: 10 standard errors). */
  meanScale: number;
}

function unpack(par: ArrayLike<number>, layout: Layout, transform: boolean) {
  const { p, q, P, Q, m, constant } = layout.order;
  const ar = new Float64Array(p);
  const sar = new Float64Array(P);
  if (transform) {
    toStationary(par, 0, p, ar);
    toStationary(par, p + q, P, sar);
  } else {
    for (let i = 0; i < p; i++) ar[i] = par[i];
    for (let i = 0; i < P; i++) sar[i] = par[p + q + i];
  }
  const ma = new Float64Array(q);
  for (let i = 0; i < q; i++) ma[i] = par[p + i];
  const sma = new Float64Array(Q);
  for (let i = 0; i < Q; i++) sma[i] = par[p + q + P + i];
  const mean = constant ? par[p + q + P + Q] * layout.meanScale : 0;
  const { phi, theta } = expandPolynomials(ar, ma, sar, sma, m);
  return { ar, ma, sar, sma, mean, phi, theta };
}

function isStationary(ar: ArrayLike<number>): boolean {
  let last = ar.length;
  while (last > 0 && ar[last - 1] === 0) last--;
  if (last === 0) return true;
  return minRootModulus([1, ...Array.from(ar).slice(0, last).map((v) => -v)]) > 1;
}

/**
 * Fits one ARIMA order to y. Throws ArimaFitError when the series is too short or the CSS estimate is
 * non-stationary before the ML step (as stats::arima does).
 */
export function fitArima(y: ArrayLike<number>, order: ArimaOrder, method: ArimaMethod = 'css-ml'): ArimaFit {
  const { p, d, q, P, D, Q, m, constant } = order;
  const w = difference(y, d, D, m);
  const n = w.length;
  const k = p + q + P + Q + (constant ? 1 : 0);
  if (n <= p + m * P || n < 2 || n <= k) throw new ArimaFitError(`too few observations for ${orderName(order)}`);
  let mean0 = 0;
  let se = 1;
  if (constant) {
    for (let i = 0; i < n; i++) mean0 += w[i];
    mean0 /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (w[i] - mean0) ** 2;
    se = Math.sqrt(v / Math.max(n - 1, 1) / n);
  }
  const layout: Layout = { order, meanScale: constant ? 10 * (se > 0 ? se : 1) : 1 };
  const ncond = p + m * P;
  const start = new Float64Array(k);
  if (constant) start[k - 1] = mean0 / layout.meanScale;

  const css = (par: Float64Array): number => {
    const u = unpack(par, layout, false);
    const r = cssResiduals(w, u.mean, u.phi, u.theta, ncond);
    const value = 0.5 * Math.log(r.sse / r.count);
    return Number.isFinite(value) ? value : Infinity;
  };
  let par: Float64Array = start;
  if (k > 0) {
    try {
      par = bfgs(css, start).x;
    } catch (error) {
      throw new ArimaFitError(`CSS fit of ${orderName(order)} failed: ${(error as Error).message}`);
    }
  }
  let u = unpack(par, layout, false);

  if (method === 'css') {
    const r = cssResiduals(w, u.mean, u.phi, u.theta, ncond);
    const sigma2 = r.sse / r.count;
    // As stats::arima and auto.arima's approximation: the conditional likelihood scaled to all n differences.
    const loglik = -0.5 * n * (Math.log(2 * Math.PI * sigma2) + 1);
    return finish(order, method, u, sigma2, loglik, n, k);
  }

  if (!isStationary(u.ar) || !isStationary(u.sar)) {
    throw new ArimaFitError(`non-stationary AR part from CSS for ${orderName(order)}`);
  }
  // ML from the CSS estimate: AR parts through the inverse PACF map, MA made invertible.
  const mlStart = Float64Array.from(par);
  mlStart.set(fromStationary(u.ar), 0);
  mlStart.set(invertMa(u.ma), p);
  mlStart.set(fromStationary(u.sar), p + q);
  mlStart.set(invertMa(u.sma), p + q + P);
  const ml = (parameters: Float64Array): number => {
    const v = unpack(parameters, layout, true);
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = w[i] - v.mean;
    const r = armaKalman(x, v.phi, v.theta);
    if (!r) return Infinity;
    const value = 0.5 * (Math.log(r.ssq / n) + r.sumlog / n);
    return Number.isFinite(value) ? value : Infinity;
  };
  let value: number;
  try {
    const result = k > 0 ? bfgs(ml, mlStart) : { x: mlStart, value: ml(mlStart) };
    par = result.x;
    value = result.value;
  } catch (error) {
    throw new ArimaFitError(`ML fit of ${orderName(order)} failed: ${(error as Error).message}`);
  }
  if (!Number.isFinite(value)) throw new ArimaFitError(`likelihood of ${orderName(order)} is not finite`);
  u = unpack(par, layout, true);
  const ma = invertMa(u.ma);
  const sma = invertMa(u.sma);
  const expanded = expandPolynomials(u.ar, ma, u.sar, sma, m);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = w[i] - u.mean;
  const r = armaKalman(x, expanded.phi, expanded.theta);
  if (!r) throw new ArimaFitError(`likelihood of ${orderName(order)} is not finite`);
  const sigma2 = r.ssq / n;
  const loglik = -0.5 * (n * Math.log(2 * Math.PI * sigma2) + r.sumlog + n);
  return finish(order, method, { ...u, ma, sma, ...expanded }, sigma2, loglik, n, k);
}

function finish(
  order: ArimaOrder,
  method: ArimaMethod,
  u: Pick<ArimaFit, 'ar' | 'ma' | 'sar' | 'sma' | 'mean' | 'phi' | 'theta'>,
  sigma2: number,
  loglik: number,
  n: number,
  k: number,
): ArimaFit {
  const npar = k + 1;
  const aic = -2 * loglik + 2 * npar;
  const aicc = n - npar - 1 > 0 ? aic + (2 * npar * (npar + 1)) / (n - npar - 1) : Infinity;
  const bic = aic + npar * (Math.log(n) - 2);
  return { order, method, ...u, sigma2, loglik, aic, aicc, bic, coefficientCount: k, nUsed: n };
}

/**
 * ARIMA(0,d,0)(0,D,0) whose differences have a fixed mean equal to their sample mean, without optimisation (R's
 * `Arima(..., fixed = mean)`): the model auto.arima falls back to for constant or polynomial data, where a
 * likelihood is degenerate.
 */
export function meanArima(y: ArrayLike<number>, d: number, D: number, m: number): ArimaFit {
  const w = difference(y, d, D, m);
  const n = w.length;
  if (n === 0) throw new ArimaFitError('no observations left after differencing');
  let mean = 0;
  for (let i = 0; i < n; i++) mean += w[i];
  mean /= n;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (w[i] - mean) ** 2;
  const sigma2 = sse / n;
  const loglik = sigma2 > 0 ? -0.5 * n * (Math.log(2 * Math.PI * sigma2) + 1) : Infinity;
  const empty = new Float64Array(0);
  const order: ArimaOrder = { p: 0, d, q: 0, P: 0, D, Q: 0, m, constant: true };
  const coefficients = { ar: empty, ma: empty, sar: empty, sma: empty, mean, phi: empty, theta: empty };
  return finish(order, 'css', coefficients, sigma2, loglik, n, 0);
}

export function orderName(o: ArimaOrder): string {
  const seasonal = o.m > 1 && o.P + o.D + o.Q > 0 ? `(${o.P},${o.D},${o.Q})[${o.m}]` : '';
  const c = o.constant ? (o.d + o.D === 0 ? ' with mean' : ' with drift') : '';
  return `ARIMA(${o.p},${o.d},${o.q})${seasonal}${c}`;
}

/** Beyond this n·r² the exact filter is too slow to be worth it; forecasts condition on CSS residuals instead. */
const KALMAN_WORK_LIMIT = 2e7;

/** What forecasts need of a fitted ARIMA: its orders, mean and expanded polynomials. */
export type ArimaForecaster = Pick<ArimaFit, 'order' | 'mean' | 'phi' | 'theta'>;

/**
 * Everything forecasts after a history depend on, so a saved model forecasts without its data: the ARMA state the
 * Kalman filter predicts after the last difference (or, where the exact filter is not run, the last p centred
 * differences and q CSS residuals the conditional recursions read), and the last d + D·m values, which undo the
 * differencing.
 */
export interface ArimaOrigin {
  /** Predicted state after the history; null when forecasting conditionally on `xTail` and `eTail`. */
  state: Float64Array | null;
  xTail: Float64Array;
  eTail: Float64Array;
  yTail: Float64Array;
}

/** The origin of forecasts after y (which may extend the series the model was fitted on). */
export function arimaOrigin(fit: ArimaForecaster, y: ArrayLike<number>): ArimaOrigin {
  const { d, D, m } = fit.order;
  const w = difference(y, d, D, m);
  const x = new Float64Array(w.length);
  for (let i = 0; i < w.length; i++) x[i] = w[i] - fit.mean;
  const K = differencingPolynomial(d, D, m).length - 1;
  const yTail = Float64Array.from(Array.prototype.slice.call(y, Math.max(0, y.length - K)) as number[]);
  const r = Math.max(fit.phi.length, fit.theta.length + 1);
  const filtered = x.length * r * r <= KALMAN_WORK_LIMIT ? armaKalman(x, fit.phi, fit.theta) : null;
  const empty = new Float64Array(0);
  if (filtered) return { state: filtered.state, xTail: empty, eTail: empty, yTail };
  // Conditional recursions read the last p differences and the last q innovations (zero before the sample).
  const n = x.length;
  const e = new Float64Array(n);
  cssResiduals(x, 0, fit.phi, fit.theta, Math.min(fit.phi.length, n), e);
  return {
    state: null,
    xTail: x.slice(Math.max(0, n - fit.phi.length)),
    eTail: e.slice(Math.max(0, n - fit.theta.length)),
    yTail,
  };
}

/** Forecasts of the centred differences by the ARMA recursions from the tails of an origin. */
function conditionalForecast(xTail: Float64Array, eTail: Float64Array, phi: Float64Array, theta: Float64Array, h: number): Float64Array {
  // Indices below are relative to the tails' starts; a negative one lies before the series (a zero pre-sample value).
  const n = xTail.length;
  const ext = new Float64Array(n + h);
  ext.set(xTail);
  const out = new Float64Array(h);
  for (let step = 0; step < h; step++) {
    const t = n + step;
    let v = 0;
    for (let k = 0; k < phi.length; k++) if (t - k - 1 >= 0) v += phi[k] * ext[t - k - 1];
    for (let k = step; k < theta.length; k++) {
      const j = eTail.length + step - k - 1;
      if (j >= 0) v += theta[k] * eTail[j];
    }
    ext[t] = v;
    out[step] = v;
  }
  return out;
}

/** Point forecasts h steps after an origin. */
export function forecastArimaOrigin(fit: ArimaForecaster, origin: ArimaOrigin, h: number): Float64Array {
  const { d, D, m } = fit.order;
  let xf: Float64Array;
  if (origin.state) {
    const r = origin.state.length;
    const a = Float64Array.from(origin.state);
    xf = new Float64Array(h);
    const next = new Float64Array(r);
    for (let step = 0; step < h; step++) {
      xf[step] = a[0];
      for (let i = 0; i < r; i++) next[i] = (i < fit.phi.length ? fit.phi[i] : 0) * a[0] + (i + 1 < r ? a[i + 1] : 0);
      a.set(next);
    }
  } else {
    xf = conditionalForecast(origin.xTail, origin.eTail, fit.phi, fit.theta, h);
  }
  // Undo the differencing: y_t = w_t − Σ_{k≥1} c_k y_{t−k}.
  const c = differencingPolynomial(d, D, m);
  const K = c.length - 1;
  const y = origin.yTail;
  const ext = new Float64Array(y.length + h);
  for (let i = 0; i < y.length; i++) ext[i] = y[i];
  for (let step = 0; step < h; step++) {
    const t = y.length + step;
    let v = xf[step] + fit.mean;
    // Before the start of a history shorter than K there is nothing to add back (NaN, as an empty history gives).
    for (let j = 1; j <= K; j++) v -= c[j] * (t - j >= 0 ? ext[t - j] : NaN);
    ext[t] = v;
  }
  return ext.slice(y.length);
}

/** Point forecasts h steps after y (which may extend the series the model was fitted on). */
export function forecastArima(fit: ArimaForecaster, y: ArrayLike<number>, h: number): Float64Array {
  return forecastArimaOrigin(fit, arimaOrigin(fit, y), h);
}
