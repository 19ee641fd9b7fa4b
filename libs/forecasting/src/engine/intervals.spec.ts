import { describe, expect, it } from 'vitest';
import { readColumn, readLongCsv } from '../core/datasets.fixture';
import { coverage } from '../evaluation/metrics';
import { evaluateEnsemble } from './ensemble';
import { evaluateModel } from './evaluate-model';
import type { SeriesEvaluation } from './summarize';

describe('conformal intervals on M4 Weekly', () => {
  it('cover the held-out test weeks at close to their nominal level', async () => {
    const train = readLongCsv('m4-weekly-train.csv');
    const test = readLongCsv('m4-weekly-test.csv');
    // Calibrated on 4 backtest windows inside the training data; the 13 test weeks were never seen.
    const result = await evaluateModel({
      series: train.series,
      horizon: 13,
      season: 1,
      backtest: { windows: 4, step: 13 },
      model: { kind: 'naive' },
    });
    for (const level of [80, 95]) {
      const key = String(level);
      const y = test.series.flatMap((s) => Array.from(s));
      const lo = result.perSeries.flatMap((p) => p.intervals[key].lo);
      const hi = result.perSeries.flatMap((p) => p.intervals[key].hi);
      expect(Math.abs(coverage(y, lo, hi) - level / 100)).toBeLessThan(0.04);
      // The engine's own, cross-validated estimate agrees.
      expect(Math.abs((result.coverage[key] ?? 0) - level / 100)).toBeLessThan(0.03);
    }
    // Intervals widen with the lead time (a random walk's errors grow).
    const p = result.perSeries[0].intervals['95'];
    expect(p.hi[12] - p.lo[12]).toBeGreaterThan(p.hi[0] - p.lo[0]);
    // 80% inside 95%.
    expect(result.perSeries[0].intervals['80'].hi[5]).toBeLessThan(p.hi[5]);
  });
});

/** Every step of every series: the higher level's interval holds the lower one's. */
function expectNested(perSeries: readonly SeriesEvaluation[], lower: string, higher: string) {
  for (const { intervals } of perSeries) {
    intervals[lower].lo.forEach((lo, k) => {
      expect(intervals[higher].lo[k]).toBeLessThanOrEqual(lo);
      expect(intervals[higher].hi[k]).toBeGreaterThanOrEqual(intervals[lower].hi[k]);
    });
  }
}

describe('conformal intervals on few backtest errors (ETTh2: 7 series, 2 windows, 14 errors a step)', () => {
  it('nest at every step for single models and their ensemble', async () => {
    // The last four weeks of each column keep the test quick; the intervals were inside-out on the full file too.
    const series = Array.from({ length: 7 }, (_, c) => readColumn('ETTh2.csv', c + 1).slice(-24 * 28));
    const settings = { series, horizon: 24, season: 24, backtest: { windows: 2, step: 24 }, levels: [80, 95] };
    const members = [];
    for (const kind of ['seasonal_naive', 'theta'] as const) {
      const evaluation = await evaluateModel({ ...settings, model: { kind } });
      expectNested(evaluation.perSeries, '80', '95');
      members.push({ name: kind, evaluation });
    }
    const ensemble = evaluateEnsemble({ ...settings, members, combine: 'mean' });
    expectNested(ensemble.perSeries, '80', '95');
  });
});

