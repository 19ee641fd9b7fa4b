/**
 * Exponential smoothing in innovations state-space form (Hyndman et al. 2008), a port of the estimation in
 * R's forecast::ets (v8.x): the same initial states, starting parameters, "usual ∩ admissible" parameter region,
 * objective (likelihood, or one-step MSE for ses()/holt()), Nelder–Mead optimiser and information criteria.
 * Additive or multiplicative error; no, additive or additive-damped trend; no, additive or multiplicative season.
 */
import { decompose } from './decompose';
import { maxRootModulus } from './polyroot';
import { leastSquares, linearTrend } from './regression';
import { nelderMead } from './nelder-mead';

export type EtsError = 'A' | 'M';
export type EtsTrend = 'N' | 'A';
export type EtsSeason = 'N' | 'A' | 'M';

export interface EtsConfig {
  error: EtsError;
  trend: EtsTrend;
  season: EtsSeason;
  damped: boolean;
}

export type EtsCriterion = 'lik' | 'mse';

export interface EtsFit {
  config: EtsConfig;
  /** Seasonal period used (1 for non-seasonal configurations). */
  m: number;
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  /** State before observation `start` (0 unless a short-series fallback), laid out like `state`. */
  initialState: Float64Array;
  start: number;
  /** State after the last observation: level, slope (if any), then m seasonal terms, newest first. */
  state: Float64Array;
  /** −2 log-likelihood up to a constant (R's `e$lik`). */
  lik: number;
  aic: number;
  aicc: number;
  bic: number;
  /** Mean squared one-step error. */
  mse: number;
  /** Estimated parameters including initial states, plus one for the variance (R's `np`). */
  parameterCount: number;
}

export interface EtsOptions {
  criterion?: EtsCriterion;
  maxit?: number;
  /**
   * Where the optimiser starts alpha, as a fraction of its range (divided by m). forecast ≤ 8.2 — the version
   * the M4 benchmarks were run with — started at 0.5; later versions at 0.2. Nelder–Mead's end point depends
   * on its start, so reproducing published figures needs the right one.
   */
  alphaStart?: number;
}

/** forecast::ets defaults: lower/upper bounds of (alpha, beta, gamma, phi). */
const LOWER = [1e-4, 1e-4, 1e-4, 0.8];
const UPPER = [0.9999, 0.9999, 0.9999, 0.98];
/** etscalc's marker for an impossible forecast. */
const NA = -99999;
const TOL = 1e-10;
const HUGEN = 1e10;

export function configName(c: EtsConfig): string {
  return `ETS(${c.error},${c.trend}${c.damped ? 'd' : ''},${c.season})`;
}

/** Number of parameters ets counts for the "too little data" rule (smoothing parameters plus initial states). */
export function etsParameterCount(c: EtsConfig, m: number): number {
  let k = 2;
  if (c.trend !== 'N') k += 2;
  if (c.season !== 'N') k += m;
  if (c.damped) k += 1;
  return k;
}

/**
 * Initial states as forecast's `initstate`: seasonal indices from a classical decomposition (or, under three
 * periods, a trend + one-harmonic regression), then level/slope from a line through the first max(10, 2m)
 * seasonally adjusted values. Returns [l, b?, s_0..s_{m−2}] (the last seasonal state is implied).
 */
export function initialState(y: ArrayLike<number>, trend: EtsTrend, season: EtsSeason, m: number): number[] {
  const n = y.length;
  let seasonalInit: number[] = [];
  let adjusted: ArrayLike<number> = y;
  if (season !== 'N') {
    if (n < 4) throw new RangeError('ets: at least 4 observations are needed for a seasonal model');
    let seasonal: ArrayLike<number>;
    if (n < 3 * m) {
      const t = Array.from({ length: n }, (_, i) => i + 1);
      const sin = t.map((ti) => Math.sin((2 * Math.PI * ti) / m));
      const cos = t.map((ti) => Math.cos((2 * Math.PI * ti) / m));
      // R's fourier() drops the sine column where it is identically zero (m = 2).
      const cols = m === 2 ? [t.map(() => 1), t, cos] : [t.map(() => 1), t, sin, cos];
      const coef = leastSquares(cols, y);
      seasonal = t.map((ti, i) =>
        season === 'A' ? y[i] - coef[0] - coef[1] * ti : y[i] / (coef[0] + coef[1] * ti),
      );
    } else {
      seasonal = decompose(y, m, season === 'A' ? 'additive' : 'multiplicative').seasonal;
    }
    for (let k = m - 1; k >= 1; k--) seasonalInit.push(seasonal[k]);
    if (season === 'A') {
      const sa = new Float64Array(n);
      for (let i = 0; i < n; i++) sa[i] = y[i] - seasonal[i];
      adjusted = sa;
    } else {
      seasonalInit = seasonalInit.map((s) => Math.max(s, 1e-2));
      const total = seasonalInit.reduce((a, b) => a + b, 0);
      if (total > m) {
        const denom = seasonalInit.reduce((a, b) => a + b + 1e-2, 0);
        seasonalInit = seasonalInit.map((s) => s / denom);
      }
      const sa = new Float64Array(n);
      for (let i = 0; i < n; i++) sa[i] = y[i] / Math.max(seasonal[i], 1e-2);
      adjusted = sa;
    }
  }
  const maxn = Math.min(Math.max(10, 2 * (season === 'N' ? 1 : m)), n);
  if (trend === 'N') {
    let s = 0;
    for (let i = 0; i < maxn; i++) s += adjusted[i];
    return [s / maxn, ...seasonalInit];
  }
  const line = linearTrend(adjusted, maxn);
  let l0 = line.intercept;
  let b0 = line.slope;
  if (Math.abs(l0 + b0) < 1e-8) {
    l0 *= 1 + 1e-3;
    b0 *= 1 - 1e-3;
  }
  return [l0, b0, ...seasonalInit];
}

/** Scratch space and settings for evaluating one configuration on one series. */
interface Evaluation {
  lik: number;
  mse: number;
  state: Float64Array;
}

/**
 * Runs the filter from the initial state x0 (l, b?, s_0..s_{m−1}, newest season first) through y.
 * Returns the −2 log-likelihood (up to constants), the one-step MSE and the final state; lik is NA (−99999)
 * when a forecast cannot be formed. `residuals`, when given, receives the innovations.
 */
function runFilter(
  y: Float64Array,
  x0: ArrayLike<number>,
  m: number,
  c: EtsConfig,
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
  season: Float64Array,
  residuals?: Float64Array,
  wantMse = true,
): Evaluation {
  if (c.season === 'N' && !residuals) return runNonSeasonal(y, x0, c, alpha, beta, phi, wantMse);
  const n = y.length;
  const hasTrend = c.trend !== 'N';
  const seasonType = c.season;
  const multError = c.error === 'M';
  let l = x0[0];
  let b = hasTrend ? x0[1] : 0;
  const off = hasTrend ? 2 : 1;
  // Ring buffer: the season used for the next observation is the oldest one, s_{m−1}.
  if (seasonType !== 'N') for (let j = 0; j < m; j++) season[j] = x0[off + j];
  let oldestIdx = m - 1; // position in `season` of s_{m−1}; s_0 is at (oldestIdx + 1) % m
  const phiB = hasTrend ? phi : 0;
  const betaOverAlpha = beta / alpha;
  let sse = 0;
  let mse = 0;
  let logf = 0;
  let product = 1;
  for (let i = 0; i < n; i++) {
    const q = l + phiB * b; // trend-only forecast
    const sOld = seasonType === 'N' ? 0 : season[oldestIdx];
    const f = seasonType === 'M' ? q * sOld : seasonType === 'A' ? q + sOld : q;
    if (Math.abs(f - NA) < TOL) return { lik: NA, mse: Infinity, state: new Float64Array(0) };
    const yi = y[i];
    const e = multError ? (yi - f) / f : yi - f;
    if (residuals) residuals[i] = e;
    const err1 = yi - f;
    // Running mean exactly as etscalc accumulates it.
    if (wantMse) mse = (mse * i + err1 * err1) / (i + 1);
    // New level.
    let p: number;
    if (seasonType === 'N') p = yi;
    else if (seasonType === 'A') p = yi - sOld;
    else p = Math.abs(sOld) < TOL ? HUGEN : yi / sOld;
    const newL = q + alpha * (p - q);
    if (hasTrend) {
      const phib = phiB * b;
      b = phib + betaOverAlpha * (newL - l - phib);
    }
    l = newL;
    if (seasonType !== 'N') {
      const t = seasonType === 'A' ? yi - q : Math.abs(q) < TOL ? HUGEN : yi / q;
      // The oldest slot becomes the newest season.
      season[oldestIdx] = sOld + gamma * (t - sOld);
      oldestIdx = oldestIdx === 0 ? m - 1 : oldestIdx - 1;
    }
    sse += e * e;
    if (multError) {
      product *= Math.abs(f);
      if (product > 1e150 || product < 1e-150) {
        logf += Math.log(product);
        product = 1;
      }
    }
  }
  logf += Math.log(product);
  let lik = n * Math.log(sse);
  if (multError) lik += 2 * logf;
  const state = new Float64Array(off + (seasonType === 'N' ? 0 : m));
  state[0] = l;
  if (hasTrend) state[1] = b;
  if (seasonType !== 'N') {
    // Newest first: s_0 sits just after the oldest slot in ring order.
    for (let j = 0; j < m; j++) state[off + j] = season[(oldestIdx + 1 + j) % m];
  }
  return { lik, mse, state };
}

/**
 * runFilter for non-seasonal models (the hot path of SES/Holt/Damped and of AutoETS at m = 1). The recursion is
 * carried on the one-step forecast f = l + φb and the damped slope g = φb, which shortens the chain of dependent
 * floating-point operations per step (l' = f + αe, b' = φb + βe since β/α·(l' − l − φb) = βe), and the squared
 * errors are summed rather than averaged step by step. Both change only the last bits of the objective.
 */
function runNonSeasonal(
  y: Float64Array,
  x0: ArrayLike<number>,
  c: EtsConfig,
  alpha: number,
  beta: number,
  phi: number,
  wantMse: boolean,
): Evaluation {
  const n = y.length;
  const hasTrend = c.trend !== 'N';
  const multError = c.error === 'M';
  const phiB = hasTrend ? phi : 0;
  const phiBeta = phiB * beta;
  const gain = alpha + phiBeta;
  let g = hasTrend ? phiB * x0[1] : 0;
  let f = x0[0] + g;
  let sse = 0;
  let sse1 = 0;
  let logf = 0;
  let product = 1;
  for (let i = 0; i < n; i++) {
    const err1 = y[i] - f;
    if (multError) {
      const e = err1 / f;
      sse += e * e;
      if (wantMse) sse1 += err1 * err1;
      product *= Math.abs(f);
      if (product > 1e150 || product < 1e-150) {
        logf += Math.log(product);
        product = 1;
      }
    } else {
      sse += err1 * err1;
    }
    f += phiB * g + gain * err1;
    g = phiB * g + phiBeta * err1;
  }
  logf += Math.log(product);
  let lik = n * Math.log(sse);
  if (multError) lik += 2 * logf;
  // Back to (level, slope) after the last step: f = l + φb and g = φb.
  const b = hasTrend ? g / phiB : 0;
  const l = f - g;
  return {
    lik,
    mse: (multError ? sse1 : sse) / n,
    state: hasTrend ? Float64Array.of(l, b) : Float64Array.of(l),
  };
}

/** forecast's `admissible()`: parameters whose model is forecastable (stable/invertible). */
function admissible(alpha: number, beta: number, gamma: number, phi: number, m: number, c: EtsConfig): boolean {
  if (phi < 0 || phi > 1 + 1e-8) return false;
  if (c.season === 'N') {
    if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) return false;
    if (c.trend !== 'N' && (beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha))) return false;
    return true;
  }
  if (m > 1) {
    const b = c.trend === 'N' ? 0 : beta;
    const d = 1 - 1 / phi - alpha;
    if (gamma < Math.max(d, 0) || gamma > 1 + 1 / phi - alpha) return false;
    if (alpha < 1 - 1 / phi - (gamma * (1 - m + phi + phi * m)) / (2 * phi * m)) return false;
    if (b < -(1 - phi) * (gamma / m + alpha)) return false;
    // Characteristic equation, highest power first: z^(m+1) + (α+β−φ) z^m + (α+β−αφ) z^(m−1..2) + … .
    const highFirst = [1, alpha + b - phi];
    for (let i = 0; i < m - 2; i++) highFirst.push(alpha + b - alpha * phi);
    highFirst.push(alpha + b - alpha * phi + gamma - 1);
    highFirst.push(phi * (1 - alpha - gamma));
    if (maxRootModulus(highFirst.reverse()) > 1 + 1e-10) return false;
  }
  return true;
}

/**
 * Fits one ETS configuration by maximum likelihood (criterion 'lik') or one-step MSE ('mse'), optimising the
 * smoothing parameters and the initial states jointly. Returns null when the series is too short for the
 * configuration or no admissible fit is found.
 */
export function fitEtsConfig(
  input: ArrayLike<number>,
  c: EtsConfig,
  seasonPeriod: number,
  options: EtsOptions = {},
): EtsFit | null {
  // One element type in the hot loop keeps its property access monomorphic.
  const y = input instanceof Float64Array ? input : Float64Array.from(input);
  const criterion = options.criterion ?? 'lik';
  const maxit = options.maxit ?? 2000;
  const n = y.length;
  const m = c.season === 'N' ? 1 : seasonPeriod;
  if (c.error === 'M') for (let i = 0; i < n; i++) if (!(y[i] > 0)) return null;

  // Starting smoothing parameters, as forecast's initparam.
  const alpha0 = Math.max(LOWER[0] + ((options.alphaStart ?? 0.2) * (UPPER[0] - LOWER[0])) / m, LOWER[1] + 2e-3);
  const params: number[] = [alpha0];
  if (c.trend !== 'N') {
    const upper = Math.min(UPPER[1], alpha0);
    params.push(LOWER[1] + 0.1 * (upper - LOWER[1]));
  }
  if (c.season !== 'N') {
    const upper = Math.min(UPPER[2], 1 - alpha0);
    params.push(LOWER[2] + 0.05 * (upper - LOWER[2]));
  }
  if (c.damped) params.push(LOWER[3] + 0.99 * (UPPER[3] - LOWER[3]));
  const nSmooth = params.length;
  let init: number[];
  try {
    init = initialState(y, c.trend, c.season, m);
  } catch {
    return null;
  }
  const start = [...params, ...init];
  if (start.length >= n - 1) return null;

  const hasTrend = c.trend !== 'N';
  const off = hasTrend ? 2 : 1;
  const nState = off + (c.season === 'N' ? 0 : m);
  const x0 = new Float64Array(nState);
  const season = new Float64Array(Math.max(m, 1));

  const unpack = (par: ArrayLike<number>): [number, number, number, number] => {
    let j = 0;
    const alpha = par[j++];
    const beta = hasTrend ? par[j++] : 0;
    const gamma = c.season !== 'N' ? par[j++] : 0;
    const phi = c.damped ? par[j++] : 1;
    return [alpha, beta, gamma, phi];
  };
  const fillState = (par: ArrayLike<number>): boolean => {
    for (let j = 0; j < init.length; j++) x0[j] = par[nSmooth + j];
    if (c.season !== 'N') {
      let sum = 0;
      for (let j = off; j < nState - 1; j++) sum += x0[j];
      x0[nState - 1] = (c.season === 'M' ? m : 0) - sum;
      if (c.season === 'M') for (let j = off; j < nState; j++) if (x0[j] < 0) return false;
    }
    return true;
  };
  const inRegion = (alpha: number, beta: number, gamma: number, phi: number): boolean => {
    if (alpha < LOWER[0] || alpha > UPPER[0]) return false;
    if (hasTrend && (beta < LOWER[1] || beta > alpha || beta > UPPER[1])) return false;
    if (c.damped && (phi < LOWER[3] || phi > UPPER[3])) return false;
    if (c.season !== 'N' && (gamma < LOWER[2] || gamma > 1 - alpha || gamma > UPPER[2])) return false;
    return admissible(alpha, beta, gamma, phi, m, c);
  };

  const objective = (par: Float64Array): number => {
    const [alpha, beta, gamma, phi] = unpack(par);
    if (!inRegion(alpha, beta, gamma, phi)) return Infinity;
    if (!fillState(par)) return Infinity;
    const r = runFilter(y, x0, m, c, alpha, beta, gamma, phi, season, undefined, criterion === 'mse');
    let lik = r.lik;
    if (lik < -1e10) lik = -1e10; // a perfect fit
    if (Number.isNaN(lik) || Math.abs(lik - NA) < 1e-7) return Infinity;
    return criterion === 'lik' ? lik : r.mse;
  };

  let best: Float64Array;
  try {
    best = nelderMead(objective, start, { maxit }).x;
  } catch {
    return null; // objective not finite at the start: inadmissible starting point
  }
  const [alpha, beta, gamma, phi] = unpack(best);
  if (!fillState(best)) return null;
  const r = runFilter(y, x0, m, c, alpha, beta, gamma, phi, season);
  if (!Number.isFinite(r.lik) || Math.abs(r.lik - NA) < 1e-7) return null;
  const np = start.length + 1;
  const aic = r.lik + 2 * np;
  const aicc = aic + (2 * np * (np + 1)) / (n - np - 1);
  const bic = r.lik + Math.log(n) * np;
  return {
    config: c,
    m,
    alpha,
    beta,
    gamma,
    phi,
    initialState: Float64Array.from(x0),
    start: 0,
    state: r.state,
    lik: r.lik,
    aic,
    aicc: Number.isFinite(aicc) ? aicc : Infinity,
    bic,
    mse: r.mse,
    parameterCount: np,
  };
}

/**
 * The same model (parameters and initial state) run through another history that extends the fitted one,
 * for forecasts from a later origin without refitting.
 */
export function refilterEts(fit: EtsFit, y: ArrayLike<number>): EtsFit {
  const season = new Float64Array(Math.max(fit.m, 1));
  const history = Float64Array.from(y).subarray(fit.start);
  if (history.length === 0) return fit;
  const r = runFilter(history, fit.initialState, fit.m, fit.config, fit.alpha, fit.beta, fit.gamma, fit.phi, season);
  return { ...fit, state: r.state.length ? r.state : fit.state };
}

/**
 * For series too short to estimate initial states (forecast's HoltWintersZZ path): level (and slope) start at
 * the first value (and first difference) and only the smoothing parameters, in [0, 1], are chosen by least
 * squares. Non-seasonal only.
 */
export function fitSimpleSmoothing(y: ArrayLike<number>, trend: EtsTrend): EtsFit {
  const n = y.length;
  if (n === 0) throw new RangeError('exponential smoothing needs at least one observation');
  const useTrend = trend === 'A' && n >= 2;
  const c: EtsConfig = { error: 'A', trend: useTrend ? 'A' : 'N', season: 'N', damped: false };
  // The state at the first usable time: level y_1 (and slope y_2 − y_1 at time 2), then filter the rest.
  const start = useTrend ? 2 : 1;
  const x0 = useTrend ? Float64Array.of(y[1], y[1] - y[0]) : Float64Array.of(y[0]);
  const rest = Float64Array.from(y).subarray(start);
  const season = new Float64Array(1);
  const objective = (p: Float64Array): number => {
    const alpha = p[0];
    const beta = useTrend ? p[1] : 0;
    // Alpha strictly positive (the slope update divides by it); beta ≤ alpha keeps the slope weight in [0, 1].
    if (alpha <= 1e-8 || alpha > 1 || beta < 0 || beta > alpha) return Infinity;
    return runFilter(rest, x0, 1, c, alpha, beta, 0, 1, season).mse;
  };
  const p =
    rest.length >= 2
      ? nelderMead(objective, useTrend ? [0.5, 0.1] : [0.5], { maxit: 500 }).x
      : Float64Array.of(1, 0.1);
  const alpha = p[0];
  const beta = useTrend ? p[1] : 0;
  const r = rest.length > 0 ? runFilter(rest, x0, 1, c, alpha, beta, 0, 1, season) : { lik: NaN, mse: NaN, state: x0 };
  return {
    config: c,
    m: 1,
    alpha,
    beta,
    gamma: 0,
    phi: 1,
    initialState: x0,
    start,
    state: Float64Array.from(r.state),
    lik: r.lik,
    aic: Infinity,
    aicc: Infinity,
    bic: Infinity,
    mse: r.mse,
    parameterCount: useTrend ? 3 : 2,
  };
}

/** Point forecasts h steps ahead from a fitted model's final state (forecast's etsforecast). */
export function forecastEts(fit: EtsFit, h: number): Float64Array {
  const { state, m, phi } = fit;
  const c = fit.config;
  const hasTrend = c.trend !== 'N';
  const off = hasTrend ? 2 : 1;
  const l = state[0];
  const b = hasTrend ? state[1] : 0;
  const out = new Float64Array(h);
  let phistar = phi;
  let phipow = phi;
  for (let i = 0; i < h; i++) {
    let f = hasTrend ? l + phistar * b : l;
    if (c.season !== 'N') {
      // s_{m−1} is the season one step ahead, s_{m−2} two steps ahead, … cycling.
      let j = m - 1 - i;
      while (j < 0) j += m;
      const s = state[off + j];
      f = c.season === 'A' ? f + s : f * s;
    }
    out[i] = f;
    // Damped: l + (φ + φ² + … + φ^h)·b.
    if (Math.abs(phi - 1) < TOL) phistar += 1;
    else {
      phipow *= phi;
      phistar += phipow;
    }
  }
  return out;
}

export const ALL_ETS_CONFIGS: readonly EtsConfig[] = (() => {
  const out: EtsConfig[] = [];
  for (const error of ['A', 'M'] as const)
    for (const trend of ['N', 'A'] as const)
      for (const season of ['N', 'A', 'M'] as const)
        for (const damped of [true, false]) {
          if (trend === 'N' && damped) continue;
          // Additive errors with multiplicative seasonality give infinite-variance forecasts (restrict = TRUE).
          if (error === 'A' && season === 'M') continue;
          out.push({ error, trend, season, damped });
        }
  return out;
})();

export type InformationCriterion = 'aicc' | 'aic' | 'bic';

export interface AutoEtsOptions {
  ic?: InformationCriterion;
  /** Only additive error and season (for data with zeros or negatives this happens anyway). */
  additiveOnly?: boolean;
}

/**
 * ets(y, "ZZZ"): every allowed configuration (seasonal ones only when 1 < m ≤ 24 and n > m) fitted by maximum
 * likelihood; the lowest information criterion wins. Multiplicative error or season only for positive data.
 * Configurations with as many parameters as observations are skipped; returns null when none is left, and when no
 * additive-error configuration fits: their squared errors overflow (values too large or spanning too many orders of
 * magnitude), and a multiplicative fit alone, chosen for want of any other, would forecast nonsense (2.7e298 beside
 * values of 1 to 4). The caller's fallback then fails as simple smoothing does on such data, with the same reason.
 */
export function autoEts(y: ArrayLike<number>, m: number, options: AutoEtsOptions = {}): EtsFit | null {
  const ic = options.ic ?? 'aicc';
  const n = y.length;
  const seasonal = m > 1 && m <= 24 && n > m;
  let positive = true;
  for (let i = 0; i < n; i++) if (!(y[i] > 0)) positive = false;
  let best: EtsFit | null = null;
  let additiveFitted = false;
  for (const c of ALL_ETS_CONFIGS) {
    if (c.season !== 'N' && !seasonal) continue;
    if ((c.error === 'M' || c.season === 'M') && (!positive || options.additiveOnly)) continue;
    const fit = fitEtsConfig(y, c, m, { criterion: 'lik' });
    if (!fit) continue;
    if (c.error === 'A') additiveFitted = true;
    const value = fit[ic];
    if (Number.isFinite(value) && (!best || value < best[ic])) best = fit;
  }
  return additiveFitted ? best : null;
}
