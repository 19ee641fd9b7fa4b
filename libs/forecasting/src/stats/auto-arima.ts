/**
 * Automatic ARIMA order selection (Hyndman & Khandakar 2008, forecast::auto.arima): d by repeated KPSS tests,
 * D by seasonal strength, then a stepwise search over p, q, P, Q and the constant that moves to a neighbouring
 * order whenever it lowers the information criterion. Long or high-frequency series are searched with CSS
 * (the "approximation") and only the winner is refitted by exact likelihood.
 */
import {
  ArimaFitError,
  difference,
  fitArima,
  meanArima,
  type ArimaFit,
  type ArimaMethod,
  type ArimaOrder,
} from './arima';
import { minRootModulus } from './polyroot';
import { ndiffs, nsdiffs } from './unit-root';

export interface AutoArimaOptions {
  ic?: 'aicc' | 'aic' | 'bic';
  stepwise?: boolean;
  maxP?: number;
  maxQ?: number;
  maxSeasonalP?: number;
  maxSeasonalQ?: number;
  maxOrder?: number;
  maxD?: number;
  maxSeasonalD?: number;
  /** Search with CSS; default when n > 150 or m > 12, as auto.arima. */
  approximation?: boolean;
  /** Upper bound on the number of models tried in the stepwise search. */
  maxModels?: number;
}

/**
 * Exact likelihood costs about n·r² per evaluation (r: state dimension); beyond this budget the final model is
 * kept at its CSS estimate, so hourly data with long seasonal lags stays tractable.
 */
const ML_WORK_BUDGET = 4e6;

interface Candidate {
  order: ArimaOrder;
  fit: ArimaFit | null;
  ic: number;
}

function isConstant(y: ArrayLike<number>): boolean {
  for (let i = 1; i < y.length; i++) if (y[i] !== y[0]) return false;
  return true;
}

function key(o: ArimaOrder): string {
  return `${o.p},${o.q},${o.P},${o.Q},${o.constant ? 1 : 0}`;
}

/** Fits an order and scores it; near-unit roots and failures score Infinity (auto.arima's myarima). */
function tryOrder(y: ArrayLike<number>, order: ArimaOrder, method: ArimaMethod, ic: 'aicc' | 'aic' | 'bic'): Candidate {
  let fit: ArimaFit;
  try {
    fit = fitArima(y, order, method);
  } catch (error) {
    if (error instanceof ArimaFitError) return { order, fit: null, ic: Infinity };
    throw error;
  }
  let value = fit[ic];
  const rootsOk = (coeffs: Float64Array, sign: number): boolean => {
    let last = coeffs.length;
    while (last > 0 && Math.abs(coeffs[last - 1]) <= 1e-8) last--;
    if (last === 0) return true;
    const poly = [1, ...Array.from(coeffs.subarray(0, last), (v) => sign * v)];
    return minRootModulus(poly) >= 1 + 1e-2;
  };
  if (!rootsOk(fit.phi, -1) || !rootsOk(fit.theta, 1) || !Number.isFinite(value)) value = Infinity;
  return { order, fit, ic: value };
}

function stateDimension(o: ArimaOrder): number {
  return Math.max(o.p + o.m * o.P, o.q + o.m * o.Q + 1);
}

export interface AutoArimaResult {
  fit: ArimaFit;
  /** Models tried during the search. */
  tried: number;
}

/** Selects and fits an ARIMA model for y with seasonal period m. */
export function autoArima(y: ArrayLike<number>, m: number, options: AutoArimaOptions = {}): AutoArimaResult {
  const n = y.length;
  const ic = options.ic ?? 'aicc';
  const season = m > 1 ? Math.round(m) : 1;
  const constantFit = (d: number, D: number): AutoArimaResult => ({ fit: meanArima(y, d, D, season), tried: 1 });
  if (n === 0) throw new RangeError('auto arima: empty series');
  if (n < 3 || isConstant(y)) {
    // A mean model: the forecast is the (constant) level; with one or two points, the last level.
    return n < 3 && !isConstant(y) ? constantFit(1, 0) : constantFit(0, 0);
  }

  let maxP = Math.min(options.maxP ?? 5, Math.floor(n / 3));
  let maxQ = Math.min(options.maxQ ?? 5, Math.floor(n / 3));
  const maxSP = season > 1 ? Math.min(options.maxSeasonalP ?? 2, Math.floor(n / 3 / season)) : 0;
  const maxSQ = season > 1 ? Math.min(options.maxSeasonalQ ?? 2, Math.floor(n / 3 / season)) : 0;
  let ictype = ic;
  if (n <= 3) ictype = 'aic';

  const D = season > 1 && n > 2 * season ? nsdiffs(y, season, options.maxSeasonalD ?? 1) : 0;
  const dx = D > 0 ? difference(y, 0, D, season) : Float64Array.from(y);
  const d = ndiffs(dx, options.maxD ?? 2);
  const w = difference(dx, d, 0, 1);
  if (w.length === 0) return constantFit(0, 0);
  if (isConstant(w)) {
    // The differenced series is a constant: a polynomial trend that the mean of the differences extrapolates.
    return constantFit(d, D);
  }
  if (season > 1) {
    if (maxSP > 0) maxP = Math.min(maxP, season - 1);
    if (maxSQ > 0) maxQ = Math.min(maxQ, season - 1);
  }
  const approximation = options.approximation ?? (n > 150 || season > 12);
  const searchMethod: ArimaMethod = approximation ? 'css' : 'css-ml';
  const allowConstant = d + D <= 1;
  const results = new Map<string, Candidate>();
  const maxModels = options.maxModels ?? 94;

  const evaluate = (order: ArimaOrder): Candidate => {
    const k = key(order);
    const seen = results.get(k);
    if (seen) return seen;
    const candidate = tryOrder(y, order, searchMethod, ictype);
    results.set(k, candidate);
    return candidate;
  };
  const make = (p: number, q: number, P: number, Q: number, constant: boolean): ArimaOrder => ({
    p,
    d,
    q,
    P,
    D,
    Q,
    m: season,
    constant,
  });

  let best: Candidate;
  if (options.stepwise === false) {
    best = { order: make(0, 0, 0, 0, false), fit: null, ic: Infinity };
    const maxOrder = options.maxOrder ?? 5;
    for (let p = 0; p <= maxP; p++)
      for (let q = 0; q <= maxQ; q++)
        for (let P = 0; P <= maxSP; P++)
          for (let Q = 0; Q <= maxSQ; Q++) {
            if (p + q + P + Q > maxOrder) continue;
            for (const constant of allowConstant ? [true, false] : [false]) {
              const c = evaluate(make(p, q, P, Q, constant));
              if (c.ic < best.ic) best = c;
            }
          }
  } else {
    const startSmall = n < 10;
    let p = Math.min(startSmall ? 1 : 2, maxP);
    let q = Math.min(startSmall ? 1 : 2, maxQ);
    let P = Math.min(startSmall ? 0 : 1, maxSP);
    let Q = Math.min(startSmall ? 0 : 1, maxSQ);
    let constant = allowConstant;
    best = evaluate(make(p, q, P, Q, constant));
    const consider = (c: Candidate, update: () => void): void => {
      if (c.ic < best.ic) {
        best = c;
        update();
      }
    };
    consider(evaluate(make(0, 0, 0, 0, constant)), () => (p = q = P = Q = 0));
    if (maxP > 0 || maxSP > 0) {
      const ap = maxP > 0 ? 1 : 0;
      const aP = season > 1 && maxSP > 0 ? 1 : 0;
      consider(evaluate(make(ap, 0, aP, 0, constant)), () => {
        p = ap;
        P = aP;
        q = Q = 0;
      });
    }
    if (maxQ > 0 || maxSQ > 0) {
      const aq = maxQ > 0 ? 1 : 0;
      const aQ = season > 1 && maxSQ > 0 ? 1 : 0;
      consider(evaluate(make(0, aq, 0, aQ, constant)), () => {
        p = P = 0;
        q = aq;
        Q = aQ;
      });
    }
    if (constant) consider(evaluate(make(0, 0, 0, 0, false)), () => (p = q = P = Q = 0));

    // Neighbouring moves in auto.arima's order: seasonal first, then non-seasonal, then the constant.
    const moves: Array<[number, number, number, number]> = [
      [0, 0, -1, 0],
      [0, 0, 0, -1],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
      [0, 0, -1, -1],
      [0, 0, -1, 1],
      [0, 0, 1, -1],
      [0, 0, 1, 1],
      [-1, 0, 0, 0],
      [0, -1, 0, 0],
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [-1, -1, 0, 0],
      [-1, 1, 0, 0],
      [1, -1, 0, 0],
      [1, 1, 0, 0],
    ];
    let improved = true;
    while (improved && results.size < maxModels) {
      improved = false;
      for (const [dp, dq, dP, dQ] of moves) {
        const np = p + dp;
        const nq = q + dq;
        const nP = P + dP;
        const nQ = Q + dQ;
        if (np < 0 || nq < 0 || nP < 0 || nQ < 0 || np > maxP || nq > maxQ || nP > maxSP || nQ > maxSQ) continue;
        const order = make(np, nq, nP, nQ, constant);
        if (results.has(key(order))) continue;
        if (results.size >= maxModels) break;
        const c = evaluate(order);
        if (c.ic < best.ic) {
          best = c;
          p = np;
          q = nq;
          P = nP;
          Q = nQ;
          improved = true;
          break;
        }
      }
      if (!improved && allowConstant && results.size < maxModels) {
        const order = make(p, q, P, Q, !constant);
        if (!results.has(key(order))) {
          const c = evaluate(order);
          if (c.ic < best.ic) {
            best = c;
            constant = !constant;
            improved = true;
          }
        }
      }
    }
  }

  // Refit the best approximated models by exact likelihood, in order of their criterion, until one is usable.
  if (approximation) {
    const ranked = [...results.values()].filter((c) => Number.isFinite(c.ic)).sort((a, b) => a.ic - b.ic);
    for (const c of ranked) {
      const cheap = n * stateDimension(c.order) ** 2 <= ML_WORK_BUDGET;
      if (!cheap) return { fit: c.fit as ArimaFit, tried: results.size };
      const refit = tryOrder(y, c.order, 'css-ml', ictype);
      if (Number.isFinite(refit.ic) && refit.fit) return { fit: refit.fit, tried: results.size };
    }
  } else if (best.fit && Number.isFinite(best.ic)) {
    return { fit: best.fit, tried: results.size };
  }
  // Nothing usable: the differences' mean (a random walk with drift when undifferenced data would need one).
  return { fit: meanArima(y, d + D === 0 ? 1 : d, D, season), tried: results.size };
}
