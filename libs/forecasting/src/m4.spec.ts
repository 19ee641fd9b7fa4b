import type { ModelKind } from '@foretell/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLongCsv } from './core/datasets.fixture';
import { mase, owa, smape } from './evaluation/metrics';
import { createModel } from './models/model-kinds';

/**
 * The M4 weekly statistical benchmarks (horizon 13, m = 1), averaged over the 359 series exactly as the
 * competition's R code does, against the published figures in shared/datasets/README.md (from M4-methods'
 * "Evaluation and Ranks.xlsx").
 */
const PUBLISHED: Record<string, { smape: number; mase: number; owa: number }> = {
  naive2: { smape: 9.161, mase: 2.777, owa: 1.0 },
  ses: { smape: 9.012, mase: 2.685, owa: 0.975 },
  holt: { smape: 9.708, mase: 2.42, owa: 0.966 },
  damped: { smape: 8.866, mase: 2.404, owa: 0.917 },
  theta: { smape: 9.093, mase: 2.637, owa: 0.971 },
  comb: { smape: 8.944, mase: 2.432, owa: 0.926 },
};
const MODELS: ModelKind[] = ['naive2', 'ses', 'holt', 'damped', 'theta'];
const H = 13;
const M = 1;

/** Half a unit in the third significant digit: the largest difference "equal to three significant digits" allows. */
function halfUnitOfThirdDigit(x: number): number {
  return 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(x))) - 2);
}

const scores: Record<string, { smape: number; mase: number }> = {};

beforeAll(async () => {
  const train = readLongCsv('m4-weekly-train.csv');
  const test = readLongCsv('m4-weekly-test.csv');
  expect(test.ids).toEqual(train.ids);
  expect(train.series).toHaveLength(359);
  const forecasts: Record<string, Float64Array[]> = {};
  for (const kind of MODELS) {
    const model = createModel({ kind });
    await model.fit({ series: train.series, season: M, seed: 1 });
    forecasts[kind] = await model.predict(H);
    model.dispose();
  }
  const { ses, holt, damped } = forecasts;
  forecasts.comb = ses.map((f, i) => f.map((v, k) => (v + holt[i][k] + damped[i][k]) / 3));
  for (const [name, perSeries] of Object.entries(forecasts)) {
    let s = 0;
    let m = 0;
    perSeries.forEach((f, i) => {
      s += smape(test.series[i], f);
      m += mase(test.series[i], f, train.series[i], M);
    });
    scores[name] = { smape: s / perSeries.length, mase: m / perSeries.length };
  }
}, 120_000);

describe('M4 weekly benchmarks reproduce the published figures', () => {
  it.each(Object.keys(PUBLISHED))('%s: sMAPE and MASE to three significant digits', (name) => {
    const ours = scores[name];
    const published = PUBLISHED[name];
    expect(Math.abs(ours.smape - published.smape)).toBeLessThan(halfUnitOfThirdDigit(published.smape));
    expect(Math.abs(ours.mase - published.mase)).toBeLessThan(halfUnitOfThirdDigit(published.mase));
    // In fact to every published digit (they are rounded to three decimals).
    expect(Math.abs(ours.smape - published.smape)).toBeLessThanOrEqual(0.0005 + 1e-9);
    expect(Math.abs(ours.mase - published.mase)).toBeLessThanOrEqual(0.0005 + 1e-9);
  });

  it('OWA relative to Naive2 matches too', () => {
    for (const name of Object.keys(PUBLISHED)) {
      expect(owa(scores[name], scores.naive2)).toBeCloseTo(PUBLISHED[name].owa, 2);
    }
  });
});
