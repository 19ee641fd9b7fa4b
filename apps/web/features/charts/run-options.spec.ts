import { describe, expect, it } from 'vitest';
import type { LineSeriesOption, ScatterSeriesOption } from 'echarts';
import { MODEL_KINDS, type LeaderboardEntry, type SeriesForecast } from '@foretell/contracts';
import { leaderboardEntry } from '../runs/testing/leaderboard-entry';
import { colourOf } from './model-colours';
import { backtestPoints, costOption, FRONT_NAME, lossOption, paretoFront, perStepOption, runForecastOption } from './run-options';

function months(n: number, from = 1949): string[] {
  return Array.from({ length: n }, (_, i) => new Date(Date.UTC(from, i, 1)).toISOString());
}

const history = { id: 's', timestamps: months(144), values: Array.from({ length: 144 }, (_, i) => i) };
const forecast = (kind: SeriesForecast['kind'], withIntervals = true): SeriesForecast => ({
  seriesId: 's',
  kind,
  timestamps: months(3, 1961),
  yhat: [10, 11, 12],
  intervals: withIntervals ? { '80': { lo: [8, 9, 10], hi: [12, 13, 14] }, '95': { lo: [6, 7, 8], hi: [14, 15, 16] } } : {},
});

const none = { smape: null, mase: null, mae: null, rmse: null };


const entry = (kind: LeaderboardEntry['kind'], over: Partial<LeaderboardEntry>) => leaderboardEntry({ kind, runModelId: kind, rank: 1, ...over });

describe('runForecastOption', () => {
  it('draws each level as a band from its lower to its upper bound, under one legend name', () => {
    const option = runForecastOption({ history, forecasts: [forecast('naive'), forecast('theta', false)], levels: [80, 95] });
    const series = option.series as LineSeriesOption[];
    expect(series.map((s) => s.name)).toEqual(['History', 'Naive 95%', 'Naive 95%', 'Naive 80%', 'Naive 80%', 'Naive', 'Theta']);
    const [lower, width] = series.filter((s) => s.name === 'Naive 95%');
    expect(lower.stack).toBe(width.stack);
    expect(lower.areaStyle).toBeUndefined();
    // Stacked on the lower bound, the band's top is the upper bound.
    expect((lower.data as number[][]).map((p) => p[1])).toEqual([6, 7, 8]);
    expect((width.data as number[][]).map((p) => p[1])).toEqual([8, 8, 8]);
    expect(width.areaStyle).toBeDefined();
    // Zoomed to the recent past: 6 horizons (at least 48 points) of history stay in view, 48 of the 144 months here.
    const zoom = option.dataZoom as { startValue?: number }[];
    expect(zoom[0].startValue).toBe(Date.UTC(1949, 144 - 48, 1));
  });

  it('names only the lines in its legend, in one block that wraps instead of paging', () => {
    const option = runForecastOption({ history, forecasts: [forecast('naive'), forecast('theta')], levels: [80, 95] });
    expect(option.legend).toMatchObject({ type: 'plain', data: ['History', 'Naive', 'Theta'] });
  });

  it('shows the bounds themselves in the tooltip, not the band width', () => {
    const option = runForecastOption({ history, forecasts: [forecast('naive')], levels: [80] });
    const series = option.series as LineSeriesOption[];
    const band = series.find((s) => s.id === 'band:naive:80');
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
    const text = formatter([
      { seriesId: `base:${band?.id}`, seriesName: 'Naive 80%', dataIndex: 1, value: [0, 9], axisValueLabel: 'Feb 1961' },
      { seriesId: band?.id, seriesName: 'Naive 80%', dataIndex: 1, value: [0, 4] },
      { seriesId: 'naive', seriesName: 'Naive', dataIndex: 1, value: [0, 11] },
    ]);
    expect(text).toBe('Feb 1961<br/>Naive 80%: <b>9 – 13</b><br/>Naive: <b>11</b>');
  });

  it('overlays backtest windows as one broken line and zooms out to show them', () => {
    const backtest = {
      seriesId: 's',
      kind: 'naive' as const,
      runModelId: 'm',
      windows: [
        { timestamps: months(2, 1955), yhat: [1, 2], actual: [1, 1] },
        { timestamps: months(2, 1956), yhat: [3, 4], actual: [1, 1] },
      ],
    };
    expect(backtestPoints(backtest).map((p) => p[1])).toEqual([1, 2, null, 3, 4]);
    const option = runForecastOption({ history, forecasts: [forecast('naive')], levels: [], backtests: [backtest] });
    expect((option.series as LineSeriesOption[]).map((s) => s.name)).toEqual(['History', 'Naive', 'Naive backtest']);
    const zoom = option.dataZoom as { startValue?: number }[];
    expect(zoom[0].startValue).toBe(Date.UTC(1955, 0, 1));
  });
});

describe('legends of the run charts', () => {
  it('wrap instead of paging, so every model stays named on a phone', () => {
    const entries = [entry('naive', { fitSeconds: 1, metrics: { smape: 1, mase: 1, mae: 1, rmse: 1 }, perStep: { smape: [1], mase: [1], mae: [1], rmse: [1] } })];
    expect(perStepOption(entries, 'mase').legend).toMatchObject({ type: 'plain' });
    expect(costOption(entries, 'mase').legend).toMatchObject({ type: 'plain' });
  });
});

describe('perStepOption', () => {
  it('has one line per model with per-step errors and a category per step', () => {
    const option = perStepOption(
      [entry('naive', { perStep: { smape: [], mae: [], rmse: [], mase: [0.5, 0.9, 1.4] } }), entry('theta', { perStep: null })],
      'mase',
    );
    expect((option.xAxis as { data: string[] }).data).toEqual(['1', '2', '3']);
    expect((option.series as LineSeriesOption[]).map((s) => [s.name, s.data])).toEqual([['Naive', [0.5, 0.9, 1.4]]]);
  });
});

describe('paretoFront and costOption', () => {
  it('keeps the models no other beats on both time and error', () => {
    // b is slower and worse than a; d is slowest but the most accurate.
    const points = [
      { x: 1, y: 10 },
      { x: 5, y: 12 },
      { x: 3, y: 8 },
      { x: 100, y: 2 },
    ];
    expect(paretoFront(points)).toEqual([0, 2, 3]);
  });

  it('plots models with a time and a metric, and the front through the worthwhile ones', () => {
    const option = costOption(
      [
        entry('naive', { fitSeconds: 0.01, metrics: { ...none, smape: 10 } }),
        entry('lstm', { fitSeconds: 30, metrics: { ...none, smape: 12 } }),
        entry('theta', { fitSeconds: 0.5, metrics: { ...none, smape: 7 } }),
        entry('gru', { fitSeconds: null, metrics: { ...none, smape: 5 }, status: 'running' }),
      ],
      'smape',
    );
    const series = option.series as (LineSeriesOption | ScatterSeriesOption)[];
    expect(series.map((s) => s.name)).toEqual([FRONT_NAME, 'Naive', 'LSTM', 'Theta']);
    expect(series[0].data).toEqual([
      [0.01, 10],
      [0.5, 7],
    ]);
    expect((option.xAxis as { type: string }).type).toBe('log');
  });
});

describe('lossOption', () => {
  it('draws training loss, and validation loss where there is one', () => {
    const option = lossOption([
      { kind: 'lstm', name: 'LSTM', curve: [{ epoch: 1, loss: 1, valLoss: 2 }, { epoch: 2, loss: 0.5, valLoss: 1 }] },
      { kind: 'gru', name: 'GRU', curve: [{ epoch: 1, loss: 3, valLoss: null }] },
    ]);
    const series = option.series as LineSeriesOption[];
    expect(series.map((s) => s.name)).toEqual(['LSTM', 'LSTM validation', 'GRU']);
    expect(series[1].data).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });
});

describe('colourOf', () => {
  it('gives a kind the same colour in every chart, and different kinds different colours', () => {
    const perStep = perStepOption([entry('theta', { perStep: { smape: [1], mase: [1], mae: [1], rmse: [1] } })], 'smape');
    const forecastSeries = runForecastOption({ history, forecasts: [forecast('naive'), forecast('theta')], levels: [] }).series as LineSeriesOption[];
    expect((perStep.series as LineSeriesOption[])[0].color).toBe(forecastSeries.find((s) => s.name === 'Theta')?.color);
    expect(new Set(MODEL_KINDS.map(colourOf)).size).toBe(MODEL_KINDS.length);
  });
});
