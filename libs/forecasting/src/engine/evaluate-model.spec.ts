import type { FitProgress } from '@foretell/contracts';
import { describe, expect, it } from 'vitest';
import { readLongCsv } from '../core/datasets.fixture';
import { mase, smape } from '../evaluation/metrics';
import { evaluateModel } from './evaluate-model';

const m4Train = readLongCsv('m4-weekly-train.csv');
const m4Test = readLongCsv('m4-weekly-test.csv');

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

describe('evaluateModel on M4 Weekly', () => {
  it('reproduces the published Naive sMAPE and MASE (9.161, 2.777) on the held-out test weeks', async () => {
    expect(m4Train.ids).toEqual(m4Test.ids);
    const result = await evaluateModel({
      series: m4Train.series,
      horizon: 13,
      season: 1,
      backtest: { windows: 1, step: 13 },
      model: { kind: 'naive' },
    });
    expect(result.perSeries).toHaveLength(359);
    const s = mean(result.perSeries.map((p, i) => smape(m4Test.series[i], p.forecast)));
    const m = mean(result.perSeries.map((p, i) => mase(m4Test.series[i], p.forecast, m4Train.series[i], 1)));
    expect(s.toPrecision(4)).toBe('9.161');
    expect(m.toPrecision(4)).toBe('2.777');
    expect(result.backend).toBe('cpu-js');

    // The backtest scored the last 13 training weeks, with the same definitions.
    const p0 = result.perSeries[0];
    const n0 = m4Train.series[0].length;
    expect(p0.backtest.cutoffs).toEqual([n0 - 13]);
    expect(p0.backtest.yhat[0]).toEqual(new Array(13).fill(m4Train.series[0][n0 - 14]));
    const expected = smape(m4Train.series[0].subarray(n0 - 13), p0.backtest.yhat[0]);
    expect(p0.metrics?.smape).toBeCloseTo(expected, 10);
    expect(result.metrics.smape).toBeCloseTo(mean(result.perSeries.map((p) => p.metrics?.smape ?? NaN)), 10);
    expect(result.perStep.smape).toHaveLength(13);
    expect(result.perStep.mae[0] ?? NaN).toBeLessThan(result.perStep.mae[12] ?? NaN);
  });
});

describe('evaluateModel', () => {
  const series = [Float64Array.from({ length: 40 }, (_, t) => 10 + (t % 4) * 3 + t * 0.5)];

  it('uses rolling origins n − h − step·(windows − 1 − i)', async () => {
    const result = await evaluateModel({
      series,
      horizon: 5,
      season: 4,
      backtest: { windows: 3, step: 2 },
      model: { kind: 'seasonal_naive' },
    });
    expect(result.perSeries[0].backtest.cutoffs).toEqual([31, 33, 35]);
    expect(result.perSeries[0].backtest.yhat[2]).toEqual(Array.from(series[0].subarray(31, 35)).concat(series[0][31]));
    expect(result.perSeries[0].forecast).toHaveLength(5);
    expect(Object.keys(result.perSeries[0].intervals)).toEqual(['80', '95']);
  });

  it('marks series too short to backtest and still forecasts them', async () => {
    const result = await evaluateModel({
      series: [Float64Array.from([1, 2, 3]), series[0]],
      seriesNames: ['tiny', 'long'],
      horizon: 2,
      season: 4,
      backtest: { windows: 1, step: 2 },
      model: { kind: 'naive' },
    });
    expect(result.perSeries[0].metrics).toBeNull();
    expect(result.perSeries[0].backtest.cutoffs).toEqual([]);
    expect(Array.from(result.perSeries[0].forecast)).toEqual([3, 3]);
    expect(result.perSeries[1].metrics).not.toBeNull();
    // The warning names the series, so the user knows which to lengthen or leave out.
    expect(result.warnings).toContainEqual(expect.stringMatching(/^1 series is too short to backtest \("tiny"\): each needs 7 points/));
  });

  it('names the first three series a warning is about, and counts the rest', async () => {
    const tiny = Float64Array.from([1, 2, 3]);
    const result = await evaluateModel({
      series: [tiny, tiny, series[0], tiny, tiny, tiny],
      seriesNames: ['a', 'b', 'long', 'c', 'd', 'e'],
      horizon: 2,
      season: 1,
      backtest: { windows: 1, step: 2 },
      model: { kind: 'naive' },
    });
    expect(result.warnings).toContainEqual(expect.stringMatching(/^5 series are too short to backtest \("a", "b", "c" and 2 more\): /));
  });

  it('fills missing values from the past only and reports them', async () => {
    const withGap = Float64Array.from(series[0]);
    withGap[10] = NaN;
    withGap[39] = NaN;
    const result = await evaluateModel({
      series: [withGap],
      horizon: 3,
      season: 1,
      backtest: { windows: 1, step: 3 },
      model: { kind: 'naive' },
    });
    expect(result.perSeries[0].missing).toBe(2);
    expect(Array.from(result.perSeries[0].forecast)).toEqual([withGap[38], withGap[38], withGap[38]]);
    expect(result.metrics.mae).not.toBeNull();
  });

  it('rejects bad input with a clear message', async () => {
    const base = { series, season: 1, backtest: { windows: 1, step: 1 }, model: { kind: 'naive' as const } };
    await expect(evaluateModel({ ...base, horizon: 0 })).rejects.toThrow(/horizon must be a positive integer/);
    await expect(evaluateModel({ ...base, horizon: 2, levels: [120] })).rejects.toThrow(/level/);
    await expect(evaluateModel({ ...base, horizon: 2, model: { kind: 'naive', params: { x: 1 } } })).rejects.toThrow(
      /invalid parameters for model "naive"/,
    );
  });

  it('reports progress up to 1, naming the fit, and stops when aborted', async () => {
    const events: FitProgress[] = [];
    await evaluateModel({
      series: [series[0], series[0]],
      horizon: 2,
      season: 1,
      backtest: { windows: 2, step: 1 },
      model: { kind: 'naive' },
      onProgress: (progress) => events.push(progress),
    });
    // Two local fits per window, then two final fits.
    expect(events.map((e) => e.phase)).toEqual([
      { kind: 'backtest', window: 1, of: 2 },
      { kind: 'backtest', window: 1, of: 2 },
      { kind: 'backtest', window: 2, of: 2 },
      { kind: 'backtest', window: 2, of: 2 },
      { kind: 'final' },
      { kind: 'final' },
    ]);
    expect(events.map((e) => e.fraction)).toEqual([1, 2, 3, 4, 5, 6].map((done) => done / 6));
    expect(events.every((e) => e.epoch === undefined)).toBe(true);
    const controller = new AbortController();
    controller.abort();
    await expect(
      evaluateModel({ series, horizon: 2, season: 1, backtest: { windows: 1, step: 1 }, model: { kind: 'naive' }, signal: controller.signal }),
    ).rejects.toThrow();
  });
});
