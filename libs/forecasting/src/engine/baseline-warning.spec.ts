import { describe, expect, it } from 'vitest';
import { uniform } from '../core/noise.fixture';
import { evaluateModel } from './evaluate-model';

/** 840 hours that repeat one random week exactly: seasonal naive on 168 is perfect, anything smoothed is not. */
function repeatedWeek(seed: number): Float64Array {
  const u = uniform(seed);
  const week = Array.from({ length: 168 }, (_, t) => 50 + 20 * Math.sin((2 * Math.PI * t) / 24) + 10 * u());
  return Float64Array.from({ length: 840 }, (_, t) => week[t % 168]);
}

const WARNING = /worse than seasonal naive on the backtest \(MASE [\d.e+-]+ vs [\d.e+-]+\)/;

describe('never worse than seasonal naive silently', () => {
  const series = [repeatedWeek(1), repeatedWeek(2)];
  const run = (kind: 'auto_ets' | 'auto_arima' | 'seasonal_naive' | 'naive') =>
    evaluateModel({ series, horizon: 48, season: 24, seasonalities: [24, 168], backtest: { windows: 2, step: 48 }, model: { kind } });

  it('a model that loses to seasonal naive on the backtest says so on its row', async () => {
    // A daily cycle the naive forecast (a flat line) cannot follow.
    const daily = [Float64Array.from({ length: 400 }, (_, t) => 50 + 20 * Math.sin((2 * Math.PI * t) / 24))];
    const flat = await evaluateModel({ series: daily, horizon: 24, season: 24, backtest: { windows: 1, step: 24 }, model: { kind: 'naive' } });
    expect(flat.warnings.filter((w) => WARNING.test(w))).toHaveLength(1);
  });

  it('auto_ets and auto_arima that lose to seasonal naive on the backtest say so on their row', async () => {
    const naive = await run('seasonal_naive');
    expect(naive.metrics.mase).toBeLessThan(1e-9);
    for (const kind of ['auto_ets', 'auto_arima'] as const) {
      const result = await run(kind);
      expect(result.metrics.mase).toBeGreaterThan(naive.metrics.mase ?? 0);
      expect(result.warnings.some((w) => WARNING.test(w))).toBe(true);
    }
  }, 60_000);

  it('seasonal naive itself, and a model that beats it, carry no such warning', async () => {
    expect((await run('seasonal_naive')).warnings.filter((w) => WARNING.test(w))).toEqual([]);
    // On a straight line the naive forecast's lag-1 errors are smaller than the seasonal naive's lag-24 ones.
    const line = [Float64Array.from({ length: 400 }, (_, t) => t)];
    const drift = await evaluateModel({ series: line, horizon: 24, season: 24, backtest: { windows: 1, step: 24 }, model: { kind: 'drift' } });
    expect(drift.warnings.filter((w) => WARNING.test(w))).toEqual([]);
  });
});
