import { describe, expect, it } from 'vitest';
import { readColumn } from '../core/datasets.fixture';
import { decompose } from './decompose';
import { acf, isSeasonal, seasonalAdjust } from './seasonality';
import { noise } from '../core/noise.fixture';

const airline = readColumn('airline-passengers.csv', 1);

describe('acf', () => {
  it('uses the biased estimator with denominator n, as R', () => {
    // y = 1..4: mean 2.5, deviations −1.5 −0.5 0.5 1.5, c0 = 5, c1 = 0.75 + (−0.25) + 0.75 = 1.25.
    const r = acf([1, 2, 3, 4], 3);
    expect(r[0]).toBeCloseTo(1.25 / 5, 12);
    expect(r[1]).toBeCloseTo((-0.75 + -0.75) / 5, 12);
    expect(r[2]).toBeCloseTo(-2.25 / 5, 12);
  });
});

describe('isSeasonal (the M4 90% autocorrelation test)', () => {
  it('finds the yearly cycle of the airline series and none in white noise', () => {
    expect(isSeasonal(airline, 12)).toBe(true);
    expect(isSeasonal(noise(144, 3), 12)).toBe(false);
  });

  it('says no below three periods or when m lies beyond the acf window', () => {
    expect(isSeasonal(airline.subarray(0, 35), 12)).toBe(false);
    // 10·log10(40) = 16 lags < 24.
    expect(isSeasonal(Float64Array.from({ length: 80 }, (_, i) => 10 + Math.sin((2 * Math.PI * i) / 24)), 24)).toBe(
      false,
    );
    expect(isSeasonal(airline, 1)).toBe(false);
  });
});

describe('decompose', () => {
  it('recovers an exact multiplicative pattern and normalises the figure to average 1', () => {
    const pattern = [0.8, 1.1, 1.3, 0.8];
    const y = Float64Array.from({ length: 40 }, (_, i) => (50 + i) * pattern[i % 4]);
    const { figure, seasonal, trend } = decompose(y, 4, 'multiplicative');
    const mean = pattern.reduce((a, b) => a + b) / 4;
    figure.forEach((f, k) => expect(f).toBeCloseTo(pattern[k] / mean, 2));
    expect(figure.reduce((a, b) => a + b)).toBeCloseTo(4, 12);
    expect(seasonal[5]).toBe(figure[1]);
    expect(Number.isNaN(trend[0])).toBe(true);
    expect(Number.isNaN(trend[2])).toBe(false);
  });

  it('additive figures sum to zero', () => {
    const { figure } = decompose(airline, 12, 'additive');
    expect(figure.reduce((a, b) => a + b)).toBeCloseTo(0, 9);
  });

  it('needs two full periods', () => {
    expect(() => decompose(airline.subarray(0, 20), 12, 'additive')).toThrow(/2 periods/);
  });
});

describe('seasonalAdjust', () => {
  it('divides by the indices and continues the cycle past the end', () => {
    const a = seasonalAdjust(airline, 12);
    expect(a.seasonal).toBe(true);
    for (let i = 0; i < 24; i++) expect(a.adjusted[i] * a.indexAt(i)).toBeCloseTo(airline[i], 9);
    // 144 is a multiple of 12: step 144 continues the cycle at position 0.
    expect(a.indexAt(144)).toBe(a.indexAt(0));
    // July–August peaks in the airline data.
    expect(a.indexAt(6)).toBeGreaterThan(1.15);
  });

  it('falls back to no adjustment for zeros or negatives, short series and m = 1', () => {
    const withZero = Float64Array.from(airline);
    withZero[30] = 0;
    expect(seasonalAdjust(withZero, 12, 'always').seasonal).toBe(false);
    const shifted = airline.map((v) => v - 200);
    expect(seasonalAdjust(shifted, 12, 'always').seasonal).toBe(false);
    expect(seasonalAdjust(airline.subarray(0, 23), 12, 'always').seasonal).toBe(false);
    expect(seasonalAdjust(airline, 1, 'always').seasonal).toBe(false);
    expect(seasonalAdjust(airline, 12, 'never').indexAt(7)).toBe(1);
  });
});
