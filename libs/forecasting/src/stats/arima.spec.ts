import { describe, expect, it } from 'vitest';
import { readColumn } from '../core/datasets.fixture';
import { difference, expandPolynomials, fitArima, forecastArima, invertMa, meanArima, orderName } from './arima';
import { autoArima } from './auto-arima';
import { minRootModulus } from './polyroot';
import { kpssStatistic, ndiffs, nsdiffs, seasonalStrength } from './unit-root';
import { noise } from '../core/noise.fixture';

const airline = readColumn('airline-passengers.csv', 1);

const cumsum = (x: Float64Array): Float64Array => {
  let s = 0;
  return x.map((v) => (s += v));
};

describe('fitArima', () => {
  it("reproduces R's airline model: arima(log(AirPassengers), c(0,1,1), seasonal = c(0,1,1))", () => {
    // R: ma1 −0.4018, sma1 −0.5569, sigma² 0.001348, log likelihood 244.7, aic −483.4.
    const fit = fitArima(airline.map(Math.log), { p: 0, d: 1, q: 1, P: 0, D: 1, Q: 1, m: 12, constant: false });
    expect(fit.ma[0]).toBeCloseTo(-0.4018, 3);
    expect(fit.sma[0]).toBeCloseTo(-0.5569, 3);
    expect(fit.sigma2).toBeCloseTo(0.001348, 5);
    expect(fit.loglik).toBeCloseTo(244.7, 1);
    expect(fit.aic).toBeCloseTo(-483.4, 1);
  });

  it('recovers the coefficients of a simulated AR(2) with mean', () => {
    const e = noise(2000, 7);
    const y = new Float64Array(2000);
    for (let t = 2; t < 2000; t++) y[t] = 0.6 * y[t - 1] - 0.3 * y[t - 2] + e[t];
    const fit = fitArima(y.map((v) => v + 50), { p: 2, d: 0, q: 0, P: 0, D: 0, Q: 0, m: 1, constant: true });
    expect(fit.ar[0]).toBeCloseTo(0.6, 1);
    expect(fit.ar[1]).toBeCloseTo(-0.3, 1);
    expect(fit.mean).toBeCloseTo(50, 0);
  });

  it('rejects orders the series is too short for', () => {
    expect(() => fitArima([1, 2, 3, 4], { p: 3, d: 1, q: 0, P: 0, D: 0, Q: 0, m: 1, constant: false })).toThrow(
      /too few/,
    );
  });
});

describe('forecastArima', () => {
  it('extrapolates a drift: a random walk with mean step c forecasts y_n + k·c', () => {
    const y = cumsum(noise(300, 5).map((v) => v + 2));
    const fit = meanArima(y, 1, 0, 1);
    const f = forecastArima(fit, y, 3);
    for (let k = 0; k < 3; k++) expect(f[k]).toBeCloseTo(y[299] + (k + 1) * fit.mean, 9);
    expect(fit.mean).toBeCloseTo((y[299] - y[0]) / 299, 9);
  });

  it('undoes seasonal differencing: a repeating pattern continues', () => {
    const pattern = [3, 9, 4, 1];
    const y = Float64Array.from({ length: 24 }, (_, i) => pattern[i % 4] + 0.5 * Math.floor(i / 4));
    const fit = meanArima(y, 0, 1, 4);
    expect(Array.from(forecastArima(fit, y, 4), (v) => +v.toFixed(9))).toEqual(pattern.map((v) => v + 3));
  });
});

describe('autoArima', () => {
  it('reproduces R forecast::auto.arima(AirPassengers)', () => {
    // R: ARIMA(2,1,1)(0,1,0)[12], ar1 0.5960, ar2 0.2143, ma1 −0.9819, AICc 1018.17.
    const { fit } = autoArima(airline, 12);
    expect(orderName(fit.order)).toBe('ARIMA(2,1,1)(0,1,0)[12]');
    expect(fit.ar[0]).toBeCloseTo(0.596, 2);
    expect(fit.ar[1]).toBeCloseTo(0.2143, 2);
    expect(fit.ma[0]).toBeCloseTo(-0.9819, 2);
    expect(fit.aicc).toBeCloseTo(1018.17, 1);
  });

  it('keeps chosen models stationary and invertible', () => {
    const { fit } = autoArima(cumsum(noise(400, 11)), 1);
    if (fit.phi.length) expect(minRootModulus([1, ...Array.from(fit.phi, (v) => -v)])).toBeGreaterThan(1.01);
    if (fit.theta.length) expect(minRootModulus([1, ...fit.theta])).toBeGreaterThan(1.01);
    expect(fit.order.d).toBe(1);
  });

  it('handles constant and tiny series with a mean model', () => {
    const constant = autoArima(new Float64Array(20).fill(3), 1).fit;
    expect(Array.from(forecastArima(constant, new Float64Array(20).fill(3), 2))).toEqual([3, 3]);
    const two = autoArima([4, 6], 1).fit;
    expect(Array.from(forecastArima(two, [4, 6], 2))).toEqual([8, 10]);
    const one = autoArima([5], 12).fit;
    expect(Array.from(forecastArima(one, [5], 2))).toEqual([5, 5]);
  });
});

describe('differencing and polynomials', () => {
  it('differences and expands seasonal polynomials with R sign conventions', () => {
    expect(Array.from(difference([1, 4, 9, 16, 25], 2, 0, 1))).toEqual([2, 2, 2]);
    expect(Array.from(difference([1, 2, 3, 5, 6, 7], 0, 1, 3))).toEqual([4, 4, 4]);
    // (1 − 0.5B)(1 − 0.3B²): φ = [0.5, 0.3, −0.15]; (1 + 0.4B)(1 + 0.2B²): θ = [0.4, 0.2, 0.08].
    const { phi, theta } = expandPolynomials([0.5], [0.4], [0.3], [0.2], 2);
    expect(Array.from(phi, (v) => +v.toFixed(12))).toEqual([0.5, 0.3, -0.15]);
    expect(Array.from(theta, (v) => +v.toFixed(12))).toEqual([0.4, 0.2, 0.08]);
  });

  it('invertMa reflects roots inside the unit circle', () => {
    expect(invertMa(Float64Array.of(2))[0]).toBeCloseTo(0.5, 12);
    const inverted = invertMa(Float64Array.of(-2.5, 1)); // (1 − 0.5B)(1 − 2B): root 0.5 inside
    expect(minRootModulus([1, ...inverted])).toBeGreaterThanOrEqual(1 - 1e-9);
    expect(Array.from(invertMa(Float64Array.of(0.3)))).toEqual([0.3]);
  });
});

describe('unit-root tests', () => {
  it('ndiffs: white noise 0, a random walk 1, an integrated random walk 2', () => {
    const e = noise(300, 2);
    expect(ndiffs(e)).toBe(0);
    expect(ndiffs(cumsum(e))).toBe(1);
    expect(ndiffs(cumsum(cumsum(e)))).toBe(2);
    expect(kpssStatistic(cumsum(e))).toBeGreaterThan(0.463);
  });

  it('nsdiffs: the airline series needs one seasonal difference, noise none', () => {
    expect(seasonalStrength(airline, 12)).toBeGreaterThan(0.64);
    expect(nsdiffs(airline, 12)).toBe(1);
    expect(nsdiffs(noise(144, 4), 12)).toBe(0);
    expect(nsdiffs(airline.subarray(0, 24), 12)).toBe(0);
  });
});
