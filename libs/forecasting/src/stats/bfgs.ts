/**
 * Quasi-Newton (BFGS) minimiser with central-difference gradients, following the variable-metric method behind
 * R's `optim(method = "BFGS")` (Nash's `vmmin`): inverse-Hessian updates, backtracking line search with
 * sufficient-decrease test, restarts from the identity when the curvature condition fails. stats::arima fits with
 * exactly this, so ARIMA estimates land where R's do on well-posed problems.
 */
import { NonFiniteObjectiveError } from './non-finite-objective';

export interface BfgsOptions {
  maxit?: number;
  reltol?: number;
  /** Step of the central differences (R's ndeps). */
  gradientStep?: number;
}

export interface BfgsResult {
  x: Float64Array;
  value: number;
  converged: boolean;
}

const STEP_REDUCTION = 0.2;
const ACCEPT_TOL = 1e-4;
const RELTEST = 10;

/** Central-difference gradient; throws when the objective is not finite around x (as optim does). */
function gradient(fn: (x: Float64Array) => number, x: Float64Array, step: number, out: Float64Array): void {
  const probe = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    probe[i] = x[i] + step;
    const up = fn(probe);
    probe[i] = x[i] - step;
    const down = fn(probe);
    probe[i] = x[i];
    if (!Number.isFinite(up) || !Number.isFinite(down)) {
      throw new RangeError('bfgs: objective not finite next to the current point');
    }
    out[i] = (up - down) / (2 * step);
  }
}

export function bfgs(fn: (x: Float64Array) => number, start: ArrayLike<number>, options: BfgsOptions = {}): BfgsResult {
  const maxit = options.maxit ?? 100;
  const reltol = options.reltol ?? 1e-8;
  const h = options.gradientStep ?? 1e-3;
  const n = start.length;
  const b = Float64Array.from(start);
  let fmin = fn(b);
  if (!Number.isFinite(fmin)) throw new NonFiniteObjectiveError('bfgs: objective not finite at the starting point');
  if (n === 0) return { x: b, value: fmin, converged: true };

  const g = new Float64Array(n);
  const t = new Float64Array(n);
  const x = new Float64Array(n);
  const c = new Float64Array(n);
  // Lower triangle of the inverse Hessian approximation.
  const B: Float64Array[] = Array.from({ length: n }, () => new Float64Array(n));
  gradient(fn, b, h, g);
  let gradCount = 1;
  let iter = 1;
  let lastReset = gradCount;
  let count = 0;
  let f = fmin;
  const best = Float64Array.from(b);
  let bestValue = fmin;
  do {
    if (lastReset === gradCount) {
      for (let i = 0; i < n; i++) {
        B[i].fill(0);
        B[i][i] = 1;
      }
    }
    for (let i = 0; i < n; i++) {
      x[i] = b[i];
      c[i] = g[i];
    }
    let gradProj = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s -= B[i][j] * g[j];
      for (let j = i + 1; j < n; j++) s -= B[j][i] * g[j];
      t[i] = s;
      gradProj += s * g[i];
    }
    if (gradProj < 0) {
      // Downhill: backtrack from a full step until the decrease is sufficient or the point stops moving.
      let step = 1;
      let accepted = false;
      do {
        count = 0;
        for (let i = 0; i < n; i++) {
          b[i] = x[i] + step * t[i];
          if (RELTEST + x[i] === RELTEST + b[i]) count++;
        }
        if (count < n) {
          f = fn(b);
          accepted = Number.isFinite(f) && f <= fmin + gradProj * step * ACCEPT_TOL;
          if (!accepted) step *= STEP_REDUCTION;
          if (Number.isFinite(f) && f < bestValue) {
            bestValue = f;
            best.set(b);
          }
        }
      } while (!(count === n || accepted));
      const enough = Math.abs(f - fmin) > reltol * (Math.abs(fmin) + reltol);
      if (!enough) {
        count = n;
        fmin = f;
      }
      if (count < n) {
        fmin = f;
        gradient(fn, b, h, g);
        gradCount++;
        iter++;
        let d1 = 0;
        for (let i = 0; i < n; i++) {
          t[i] *= step;
          c[i] = g[i] - c[i];
          d1 += t[i] * c[i];
        }
        if (d1 > 0) {
          let d2 = 0;
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let j = 0; j <= i; j++) s += B[i][j] * c[j];
            for (let j = i + 1; j < n; j++) s += B[j][i] * c[j];
            x[i] = s;
            d2 += s * c[i];
          }
          d2 = 1 + d2 / d1;
          for (let i = 0; i < n; i++) {
            for (let j = 0; j <= i; j++) B[i][j] += (d2 * t[i] * t[j] - x[i] * t[j] - t[i] * x[j]) / d1;
          }
        } else {
          lastReset = gradCount;
        }
      } else if (lastReset < gradCount) {
        // No progress: retry once from the identity.
        count = 0;
        lastReset = gradCount;
      }
    } else {
      // Uphill direction: reset unless just reset.
      count = 0;
      if (lastReset === gradCount) count = n;
      else lastReset = gradCount;
    }
    if (iter >= maxit) break;
    if (gradCount - lastReset > 2 * n) lastReset = gradCount;
  } while (count !== n || lastReset !== gradCount);
  return { x: best, value: bestValue, converged: iter < maxit };
}
