import { describe, expect, it } from 'vitest';
import type { RunComparison } from '@foretell/contracts';
import { comparisonSummary } from './run-comparison';

const comparison = (over: Partial<RunComparison> = {}): RunComparison => ({
  previousRunId: 'r1',
  champion: { runModelId: 'm2', kind: 'auto_ets', mase: 0.8123 },
  previousChampion: { kind: 'auto_ets', mase: 0.8, maseNow: 0.8123 },
  change: 0.015375,
  threshold: 0.2,
  drifted: false,
  championChanged: false,
  comparable: true,
  reason: null,
  ...over,
});

describe('comparisonSummary', () => {
  it('compares the runs\' best models and leaves the champion to the recorded decision', () => {
    // Stored before championChanged followed the decision: it said "kept from the previous run" right above
    // "Auto ETS became the dataset's champion" (the champion came from another run).
    for (const championChanged of [false, true]) {
      const text = comparisonSummary(comparison({ championChanged }));
      expect(text).toBe("Best model: Auto ETS (MASE 0.8123), as in the previous run, whose MASE changed +1.5% on this run's data.");
      expect(text).not.toMatch(/champion|kept|replac/i);
    }
  });

  it('names the previous run\'s best when another model ranks first, and says what drift means', () => {
    const text = comparisonSummary(
      comparison({ champion: { runModelId: 'm2', kind: 'theta', mase: 0.7 }, previousChampion: { kind: 'naive', mase: 1, maseNow: 1.3 }, change: 0.3, drifted: true }),
    );
    expect(text).toBe(
      "Best model: Theta (MASE 0.7); the previous run's best was Naive, whose MASE changed +30.0% on this run's data — drift: the error grew beyond the threshold.",
    );
  });

  it('claims no change across backtests that differ, and says why', () => {
    const text = comparisonSummary(comparison({ change: null, comparable: false, reason: 'the backtest changed (windows 2 → 1): errors of different backtests are not compared' }));
    expect(text).toBe(
      'Best model: Auto ETS (MASE 0.8123), as in the previous run. No drift is judged: the backtest changed (windows 2 → 1): errors of different backtests are not compared.',
    );
  });

  it('has only this run\'s best on a first scheduled run', () => {
    expect(comparisonSummary(comparison({ previousRunId: null, previousChampion: null, change: null }))).toBe('Best model: Auto ETS (MASE 0.8123).');
  });
});
