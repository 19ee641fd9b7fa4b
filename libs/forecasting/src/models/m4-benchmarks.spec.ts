import type { ModelKind } from '@foretell/contracts';
import { describe, expect, it } from 'vitest';
import { smape } from '../evaluation/metrics';
import { linearTrend } from '../stats/regression';
import { airline, airlineTest as test, airlineTrain as train, forecastOne as forecast } from './forecast.fixture';
import { createModel } from './model-kinds';

/** Edge cases of the M4 benchmark models (Naive2, SES, Holt, Damped, Theta); their accuracy is m4.spec.ts. */
const KINDS: ModelKind[] = ['naive2', 'ses', 'holt', 'damped', 'theta'];

describe.each(KINDS)('%s edge cases', (kind) => {
  it('forecasts a constant series as that constant', async () => {
    const f = await forecast(kind, new Float64Array(40).fill(12.5), 6, 4);
    for (const v of f) expect(v).toBeCloseTo(12.5, 6);
  });

  it('forecasts one- to five-point series without failing', async () => {
    expect(Array.from(await forecast(kind, [8], 3))).toEqual([8, 8, 8]);
    for (const series of [[8, 9], [8, 9, 7], [3, 4, 6, 5, 7]]) {
      const f = await forecast(kind, series, 4, 12);
      expect(f.every(Number.isFinite)).toBe(true);
      expect(Math.abs(f[0] - series[series.length - 1])).toBeLessThan(10);
    }
  });

  it('skips seasonal adjustment for series shorter than two seasons', async () => {
    const short = train.subarray(0, 20);
    const adjusted = await forecast(kind, short, 6, 12, { seasonality: 'always' });
    const plain = await forecast(kind, short, 6, 1);
    expect(Array.from(adjusted)).toEqual(Array.from(plain));
  });

  it('falls back to no adjustment when zeros or negatives rule out multiplicative indices', async () => {
    const withZeros = Float64Array.from(train);
    withZeros[40] = 0;
    withZeros[41] = -3;
    const adjusted = await forecast(kind, withZeros, 12, 12, { seasonality: 'always' });
    const plain = await forecast(kind, withZeros, 12, 12, { seasonality: 'never' });
    expect(Array.from(adjusted)).toEqual(Array.from(plain));
    expect(adjusted.every(Number.isFinite)).toBe(true);
  });

  it('seasonally adjusts the airline series and beats its own unadjusted forecast', async () => {
    const seasonal = await forecast(kind, train, 12, 12);
    const flat = await forecast(kind, train, 12, 12, { seasonality: 'never' });
    expect(smape(test, seasonal)).toBeLessThan(smape(test, flat));
  });

  it('forecasts from the fitted history exactly as predict does, and from a longer one without refitting', async () => {
    const model = createModel({ kind });
    if (!model.forecastFrom) throw new Error(`${kind} should forecast from new histories`);
    await model.fit({ series: [Float64Array.from(train)], season: 12, seed: 1 });
    const [predicted] = await model.predict(12);
    const [same] = await model.forecastFrom([Float64Array.from(train)], 12);
    same.forEach((v, k) => expect(v).toBeCloseTo(predicted[k], 9));
    const [later] = await model.forecastFrom([airline.subarray(0, 140)], 4);
    expect(later.every(Number.isFinite)).toBe(true);
    expect(Math.abs(later[0] - airline[139])).toBeLessThan(150);
    model.dispose();
  });
});

describe('forecast shapes', () => {
  const trending = Float64Array.from({ length: 60 }, (_, i) => 100 + 3 * i + 8 * Math.sin(i));

  it('SES is flat, Holt is a straight line, Damped flattens by φ ∈ [0.8, 0.98] per step', async () => {
    const ses = await forecast('ses', trending, 6);
    for (const v of ses) expect(v).toBeCloseTo(ses[0], 9);
    const holt = await forecast('holt', trending, 6);
    const step = holt[1] - holt[0];
    for (let k = 2; k < 6; k++) expect(holt[k] - holt[k - 1]).toBeCloseTo(step, 8);
    expect(step).toBeGreaterThan(1);
    const damped = await forecast('damped', trending, 6);
    const ratio = (damped[2] - damped[1]) / (damped[1] - damped[0]);
    expect(ratio).toBeGreaterThanOrEqual(0.8 - 1e-9);
    expect(ratio).toBeLessThanOrEqual(0.98 + 1e-9);
    for (let k = 3; k < 6; k++) {
      expect((damped[k] - damped[k - 1]) / (damped[k - 1] - damped[k - 2])).toBeCloseTo(ratio, 8);
    }
  });

  it('Naive2 without seasonality is the last value; with it, the last adjusted value times the indices', async () => {
    expect(Array.from(await forecast('naive2', trending, 3))).toEqual([trending[59], trending[59], trending[59]]);
    const f = await forecast('naive2', train, 12, 12);
    // July peaks above November in the continued cycle (train ends in December).
    expect(f[6]).toBeGreaterThan(f[10]);
  });

  it('Theta extrapolates with half the slope of the regression line (θ = 2)', async () => {
    const f = await forecast('theta', trending, 6);
    const { slope } = linearTrend(trending);
    for (let k = 1; k < 6; k++) expect(f[k] - f[k - 1]).toBeCloseTo(slope / 2, 9);
  });

  it('Theta with θ = 1 is SES', async () => {
    const theta1 = await forecast('theta', trending, 4, 1, { theta: 1 });
    const ses = await forecast('ses', trending, 4);
    theta1.forEach((v, k) => expect(v).toBeCloseTo(ses[k], 6));
  });

  it('Theta floors the forecasts of a non-negative series at 0, not of one that goes negative', async () => {
    const falling = Float64Array.from({ length: 40 }, (_, i) => Math.max(0, 60 - 2 * i));
    const f = await forecast('theta', falling, 10);
    expect(Math.min(...f)).toBe(0);
    const belowZero = falling.map((v) => v - 10);
    expect(Math.min(...(await forecast('theta', belowZero, 10)))).toBeLessThan(-10);
  });
});
