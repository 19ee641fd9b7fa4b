import { describe, expect, it } from 'vitest';
import { compareRuns } from './compare-runs';

const model = (id: string, kind: string, rank: number | null, mase: number | null, params: object = {}) => ({
  id,
  kind,
  params,
  rank,
  metrics: { mase, smape: 10, mae: 1, rmse: 1 },
});

const backtest = { horizon: 12, windows: 2, step: 12, season: 12, covariates: null };

describe('compareRuns', () => {
  it('keeps the champion and flags drift when its error grows beyond the threshold', () => {
    const previous = { runId: 'r1', backtest, models: [model('a1', 'theta', 1, 1.0), model('b1', 'naive', 2, 1.5)] };
    const current = [model('a2', 'theta', 1, 1.3), model('b2', 'naive', 2, 1.6)];
    expect(compareRuns(current, previous, 0.2, backtest, 'kept')).toEqual({
      previousRunId: 'r1',
      champion: { runModelId: 'a2', kind: 'theta', mase: 1.3 },
      previousChampion: { kind: 'theta', mase: 1.0, maseNow: 1.3 },
      change: expect.closeTo(0.3, 12),
      threshold: 0.2,
      drifted: true,
      championChanged: false,
      comparable: true,
      reason: null,
    });
    expect(compareRuns(current, previous, 0.5, backtest, 'kept')!.drifted).toBe(false);
  });

  it('does not compare backtests that differ: no drift, and says why', () => {
    const previous = { runId: 'r1', backtest: { ...backtest, windows: 2 }, models: [model('a1', 'theta', 1, 1.0)] };
    const comparison = compareRuns([model('a2', 'theta', 1, 1.9)], { ...previous }, 0.2, { ...backtest, windows: 1 }, 'kept')!;
    expect(comparison).toMatchObject({ comparable: false, change: null, drifted: false, previousChampion: { kind: 'theta', mase: 1.0, maseNow: 1.9 } });
    expect(comparison.reason).toMatch(/windows 2 → 1/);
    const other = compareRuns([model('a2', 'theta', 1, 1.9)], { ...previous, backtest: { ...backtest, windows: 1, horizon: 6 } }, 0.2, {
      ...backtest,
      windows: 1,
    }, 'kept')!;
    expect(other.reason).toMatch(/horizon 6 → 12/);
  });

  it('says the champion changed exactly when the recorded decision does, whatever the previous run\'s best', () => {
    // The previous run's best was auto_ets again, but the dataset's champion was another model (from a manual run):
    // the comparison said "kept from the previous run" beside a decision that auto_ets became the champion.
    const previous = { runId: 'r1', backtest, models: [model('a1', 'auto_ets', 1, 1.0)] };
    const current = [model('a2', 'auto_ets', 1, 0.9)];
    expect(compareRuns(current, previous, 0.2, backtest, 'replaced')!.championChanged).toBe(true);
    expect(compareRuns(current, previous, 0.2, backtest, 'first')!.championChanged).toBe(true);
    // Another model ranking first, yet the champion kept (its backtest was not comparable).
    expect(compareRuns([model('c2', 'theta', 1, 0.5)], previous, 0.2, backtest, 'kept')!.championChanged).toBe(false);
  });

  it('replaces the champion when another model wins, and matches models by kind and parameters', () => {
    const previous = { runId: 'r1', backtest, models: [model('a1', 'theta', 1, 1.0, { theta: 2, seasonality: 'test' })] };
    const current = [
      model('c2', 'auto_ets', 1, 0.9),
      model('a2', 'theta', 2, 1.05, { seasonality: 'test', theta: 2 }),
      model('d2', 'theta', 3, 9, { theta: 3, seasonality: 'test' }),
    ];
    const comparison = compareRuns(current, previous, 0.2, backtest, 'replaced')!;
    expect(comparison.championChanged).toBe(true);
    expect(comparison.champion.kind).toBe('auto_ets');
    expect(comparison.previousChampion).toEqual({ kind: 'theta', mase: 1.0, maseNow: 1.05 });
    expect(comparison.drifted).toBe(false);
  });

  it('has nothing to compare on a first run, and no comparison without a ranked model', () => {
    expect(compareRuns([model('a', 'naive', 1, 1)], null, 0.2, backtest, null)).toMatchObject({
      previousRunId: null,
      previousChampion: null,
      change: null,
      drifted: false,
      championChanged: false,
    });
    expect(compareRuns([model('a', 'naive', null, null)], null, 0.2, backtest, null)).toBeNull();
  });
});
