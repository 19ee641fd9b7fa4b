/**
 * How many differences a series needs, as forecast's ndiffs/nsdiffs decide it: repeated KPSS level-stationarity
 * tests at 5% for ordinary differences, and a seasonal-strength threshold for the seasonal difference.
 */
import { decompose } from './decompose';

function isConstant(y: ArrayLike<number>): boolean {
  for (let i = 1; i < y.length; i++) if (y[i] !== y[0]) return false;
  return true;
}

function diff(y: ArrayLike<number>, lag: number): Float64Array {
  const out = new Float64Array(Math.max(y.length - lag, 0));
  for (let i = 0; i < out.length; i++) out[i] = y[i + lag] - y[i];
  return out;
}

/**
 * KPSS statistic for level stationarity (urca's ur.kpss type "mu") with Bartlett-weighted long-run variance over
 * `lags` lags (default trunc(3√n/13), as ndiffs uses).
 */
export function kpssStatistic(y: ArrayLike<number>, lags = Math.trunc((3 * Math.sqrt(y.length)) / 13)): number {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  const e = new Float64Array(n);
  for (let i = 0; i < n; i++) e[i] = y[i] - mean;
  let s = 0;
  let numerator = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    s += e[i];
    numerator += s * s;
    s2 += e[i] * e[i];
  }
  numerator /= n * n;
  s2 /= n;
  let longRun = s2;
  for (let lag = 1; lag <= lags; lag++) {
    let cov = 0;
    for (let i = lag; i < n; i++) cov += e[i] * e[i - lag];
    longRun += (2 / n) * (1 - lag / (lags + 1)) * cov;
  }
  return numerator / longRun;
}

/** 5% critical value of the KPSS level test (Kwiatkowski et al. 1992, Table 1). */
const KPSS_CRITICAL_5 = 0.463;

/** Number of first differences (≤ maxD) after which the KPSS test no longer rejects stationarity. */
export function ndiffs(y: ArrayLike<number>, maxD = 2): number {
  let x: Float64Array = Float64Array.from(y);
  let d = 0;
  if (x.length < 3 || isConstant(x)) return 0;
  let needs = kpssStatistic(x) > KPSS_CRITICAL_5;
  while (needs && d < maxD) {
    d++;
    x = diff(x, 1);
    if (x.length < 3 || isConstant(x)) return d;
    needs = kpssStatistic(x) > KPSS_CRITICAL_5;
  }
  return d;
}

/**
 * Strength of seasonality, max(0, 1 − Var(remainder)/Var(seasonal + remainder)) (Wang, Smith & Hyndman 2006),
 * from a classical additive decomposition (forecast uses STL here; the two agree closely on regular seasonal data).
 */
export function seasonalStrength(y: ArrayLike<number>, m: number): number {
  const { trend, seasonal } = decompose(y, m, 'additive');
  const rem: number[] = [];
  const detrended: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(trend[i])) continue;
    const r = y[i] - trend[i] - seasonal[i];
    rem.push(r);
    detrended.push(r + seasonal[i]);
  }
  const variance = (v: number[]): number => {
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    return v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1);
  };
  const total = variance(detrended);
  if (!(total > 0)) return 0;
  return Math.max(0, 1 - variance(rem) / total);
}

/** forecast's threshold on seasonal strength, chosen for auto.arima accuracy on the M3 seasonal series. */
const SEASONAL_STRENGTH_THRESHOLD = 0.64;

/** Number of seasonal differences (0 or 1 by default) for period m. */
export function nsdiffs(y: ArrayLike<number>, m: number, maxD = 1): number {
  if (m <= 1 || y.length <= 2 * m || isConstant(y)) return 0;
  let x: Float64Array = Float64Array.from(y);
  let D = 0;
  let needs = seasonalStrength(x, m) > SEASONAL_STRENGTH_THRESHOLD;
  while (needs && D < maxD) {
    D++;
    x = diff(x, m);
    if (isConstant(x)) return D;
    needs = x.length >= 2 * m && D < maxD && seasonalStrength(x, m) > SEASONAL_STRENGTH_THRESHOLD;
  }
  return D;
}
