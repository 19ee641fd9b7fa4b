import { describe, expect, it } from 'vitest';
import { bfgs } from './bfgs';
import { nelderMead } from './nelder-mead';

/** Rosenbrock's banana, the example of R's ?optim. */
const rosenbrock = (x: Float64Array): number => 100 * (x[1] - x[0] * x[0]) ** 2 + (1 - x[0]) ** 2;

describe('nelderMead', () => {
  it("takes R optim's exact path on its documented example", () => {
    // optim(c(-1.2, 1), fr): par 1.000260 1.000506, value 8.825241e-08, 195 function evaluations.
    const r = nelderMead(rosenbrock, [-1.2, 1], { reltol: 1e-8, maxit: 500 });
    expect(r.x[0]).toBeCloseTo(1.00026, 6);
    expect(r.x[1]).toBeCloseTo(1.000506, 6);
    expect(r.value).toBeCloseTo(8.825241e-8, 12);
    expect(r.evaluations).toBe(195);
    expect(r.converged).toBe(true);
  });

  it('treats infeasible points (Infinity) as bad vertices and stays in the feasible region', () => {
    const bounded = (x: Float64Array): number => (x[0] < 0.5 ? Infinity : (x[0] - 0.3) ** 2 + (x[1] - 2) ** 2);
    const r = nelderMead(bounded, [1, 1], { maxit: 1000 });
    expect(r.x[0]).toBeGreaterThanOrEqual(0.5);
    expect(r.x[0]).toBeCloseTo(0.5, 3);
    expect(r.x[1]).toBeCloseTo(2, 3);
  });

  it('refuses a start where the objective is not finite', () => {
    expect(() => nelderMead(() => NaN, [1])).toThrow(/not finite/);
  });

  it('stops at the evaluation budget', () => {
    const r = nelderMead(rosenbrock, [-1.2, 1], { maxit: 20 });
    expect(r.converged).toBe(false);
    expect(r.evaluations).toBeLessThanOrEqual(23);
  });
});

describe('bfgs', () => {
  it("matches R optim(method = 'BFGS') with numerical gradients on its documented example", () => {
    // optim(c(-1.2, 1), fr, method = "BFGS"): par 0.9998044 0.9996084.
    const r = bfgs(rosenbrock, [-1.2, 1]);
    expect(r.x[0]).toBeCloseTo(0.9998044, 6);
    expect(r.x[1]).toBeCloseTo(0.9996084, 6);
    expect(r.converged).toBe(true);
  });

  it('minimises a quadratic exactly', () => {
    const r = bfgs((x) => (x[0] - 3) ** 2 + 2 * (x[1] + 1) ** 2 + x[0] * x[1], [0, 0]);
    // ∇ = 0: 2(x−3) + y = 0 and 4(y+1) + x = 0, so y = 6 − 2x, 28 − 7x = 0: x = 4, y = −2.
    expect(r.x[0]).toBeCloseTo(4, 4);
    expect(r.x[1]).toBeCloseTo(-2, 4);
  });
});
