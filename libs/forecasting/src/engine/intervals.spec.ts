import { describe, expect, it } from 'vitest';
import { readLongCsv } from '../core/datasets.fixture';
import { coverage } from '../evaluation/metrics';
import { evaluateModel } from './evaluate-model';

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
