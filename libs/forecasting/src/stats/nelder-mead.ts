/**
 * Nelder–Mead simplex minimiser following the variant in R's `optim` (Nash's "Compact Numerical Methods",
 * as `nmmin`): the same initial simplex (one step of 10% of the largest |x| along each axis), reflection 1,
 * contraction 0.5, expansion 2, shrink towards the best vertex and the relative stopping rule
 * `fmax ≤ fmin + reltol·(|f0| + reltol)`. forecast::ets calls exactly this routine, so matching it step by step
 * is what lets SES/Holt/Damped land on the same optima as the M4 benchmarks' R code.
 */
import { NonFiniteObjectiveError } from './non-finite-objective';

export interface NelderMeadOptions {
  /** Stop once the best value falls to or below this (R's abstol; −∞ by default). */
  abstol?: number;
  /** Relative spread of simplex values at which to stop (R's reltol; ets uses √ε ≈ 1.49e−8). */
  reltol?: number;
  /** Maximum function evaluations. */
  maxit?: number;
}

export interface NelderMeadResult {
  x: Float64Array;
  value: number;
  evaluations: number;
  /** False when the evaluation budget ran out or the simplex failed to shrink. */
  converged: boolean;
}

/** Value standing in for non-finite objective values, so a vertex outside the feasible region is just "bad". */
const BIG = 1.0e35;
const REFLECT = 1.0;
const CONTRACT = 0.5;
const EXPAND = 2.0;

export function nelderMead(
  fn: (x: Float64Array) => number,
  start: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const abstol = options.abstol ?? -Infinity;
  const reltol = options.reltol ?? Math.sqrt(Number.EPSILON);
  const maxit = options.maxit ?? 500;
  const n = start.length;
  const x = Float64Array.from(start);

  const f0 = fn(x);
  if (!Number.isFinite(f0)) throw new NonFiniteObjectiveError('nelder-mead: objective is not finite at the starting point');
  if (maxit <= 0 || n === 0) return { x, value: f0, evaluations: 1, converged: true };

  const convtol = reltol * (Math.abs(f0) + reltol);
  // Vertices as rows; values alongside. Vertex 0 is the start.
  const vertices: Float64Array[] = [Float64Array.from(x)];
  const values = new Float64Array(n + 1);
  values[0] = f0;
  let step = 0;
  for (let i = 0; i < n; i++) step = Math.max(step, 0.1 * Math.abs(x[i]));
  if (step === 0) step = 0.1;
  let size = 0;
  for (let j = 0; j < n; j++) {
    const v = Float64Array.from(x);
    let trial = step;
    // Grow the step until it actually moves the coordinate (matters for huge |x|).
    while (v[j] === x[j]) {
      v[j] = x[j] + trial;
      trial *= 10;
    }
    size += trial;
    vertices.push(v);
  }
  let oldSize = size;
  let evaluations = 1;
  let converged = false;
  let best = 0;
  let recompute = true;
  const centroid = new Float64Array(n);
  const trial = new Float64Array(n);

  const evaluate = (point: Float64Array): number => {
    evaluations++;
    const f = fn(point);
    return Number.isFinite(f) ? f : BIG;
  };

  for (;;) {
    if (recompute) {
      for (let j = 0; j <= n; j++) if (j !== best) values[j] = evaluate(vertices[j]);
      recompute = false;
    }
    // Best (lowest) and worst (highest) vertex; ties keep the earlier best, as R does.
    let low = values[best];
    let high = low;
    let worst = best;
    for (let j = 0; j <= n; j++) {
      if (j === best) continue;
      const f = values[j];
      if (f < low) {
        best = j;
        low = f;
      }
      if (f > high) {
        worst = j;
        high = f;
      }
    }
    if (high <= low + convtol || low <= abstol) {
      converged = true;
      break;
    }

    for (let i = 0; i < n; i++) {
      let sum = -vertices[worst][i];
      for (let j = 0; j <= n; j++) sum += vertices[j][i];
      centroid[i] = sum / n;
    }
    for (let i = 0; i < n; i++) trial[i] = (1 + REFLECT) * centroid[i] - REFLECT * vertices[worst][i];
    const reflected = evaluate(trial);

    if (reflected < low) {
      // Try going further in the same direction; keep whichever of the two is better.
      const reflectedPoint = Float64Array.from(trial);
      for (let i = 0; i < n; i++) trial[i] = EXPAND * trial[i] + (1 - EXPAND) * centroid[i];
      const expanded = evaluate(trial);
      if (expanded < reflected) {
        vertices[worst].set(trial);
        values[worst] = expanded;
      } else {
        vertices[worst].set(reflectedPoint);
        values[worst] = reflected;
      }
    } else {
      if (reflected < high) {
        vertices[worst].set(trial);
        values[worst] = reflected;
      }
      for (let i = 0; i < n; i++) trial[i] = (1 - CONTRACT) * vertices[worst][i] + CONTRACT * centroid[i];
      const contracted = evaluate(trial);
      if (contracted < values[worst]) {
        vertices[worst].set(trial);
        values[worst] = contracted;
      } else if (reflected >= high) {
        // Nothing along this line helped: shrink every vertex towards the best one.
        recompute = true;
        size = 0;
        const b = vertices[best];
        for (let j = 0; j <= n; j++) {
          if (j === best) continue;
          const v = vertices[j];
          for (let i = 0; i < n; i++) {
            v[i] = CONTRACT * (v[i] - b[i]) + b[i];
            size += Math.abs(v[i] - b[i]);
          }
        }
        if (size < oldSize) {
          oldSize = size;
        } else {
          break;
        }
      }
    }
    if (evaluations > maxit) break;
  }
  return { x: Float64Array.from(vertices[best]), value: values[best], evaluations, converged };
}
