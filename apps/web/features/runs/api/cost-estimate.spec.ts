import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MODEL_KINDS,
  NEURAL_MODEL_KINDS,
  NEURAL_TRAINING_DEFAULTS,
  expectedFitSeconds,
  type DatasetProfile,
  type LeaderboardEntry,
  type Run,
} from '@foretell/contracts';
import { leaderboardEntry, runWith } from '../testing/leaderboard-entry';
import { estimateCost, formatDuration, pastFits, type PastFit } from './cost-estimate';

const entry = (over: Partial<LeaderboardEntry>) =>
  leaderboardEntry({ runModelId: 'm', rank: 1, fitSeconds: 1, predictSeconds: 0, backend: 'cpu', ...over });


const run = (datasetId: string, windows: number, leaderboard: LeaderboardEntry[]): Run =>
  runWith(leaderboard, { datasetId, backtest: { windows, step: 12 } });

const profile = (points: number) => ({ points }) as DatasetProfile;

describe('pastFits', () => {
  it('keeps completed fits with a time on datasets whose profile is known', () => {
    const runs = [
      run('a', 2, [
        entry({ kind: 'theta', fitSeconds: 3 }),
        entry({ kind: 'lstm', fitSeconds: 9, status: 'failed' }),
        entry({ kind: 'lstm', fitSeconds: 30, params: { epochs: 20 } }),
        entry({ kind: 'lstm', fitSeconds: 40, report: { epochs: 80, maxEpochs: 50, members: 1, parameterCount: 10, curve: [] } }),
      ]),
      run('gone', 1, [entry({ kind: 'theta', fitSeconds: 100 })]),
    ];
    const fits = pastFits(runs, new Map([['a', profile(1000)]]));
    expect(fits).toEqual([
      { kind: 'theta', fitSeconds: 3, points: 1000, fits: 3, epochs: null },
      { kind: 'lstm', fitSeconds: 30, points: 1000, fits: 3, epochs: 20 },
      // The report's planned epochs win over the params (which may not have set them).
      { kind: 'lstm', fitSeconds: 40, points: 1000, fits: 3, epochs: 50 },
    ]);
  });
});

describe('estimateCost', () => {
  const past: PastFit[] = [
    { kind: 'theta', fitSeconds: 2, points: 1000, fits: 2, epochs: null },
    { kind: 'theta', fitSeconds: 6, points: 1000, fits: 2, epochs: null },
    { kind: 'theta', fitSeconds: 400, points: 1000, fits: 2, epochs: null },
    { kind: 'lstm', fitSeconds: 100, points: 1000, fits: 2, epochs: 50 },
  ];

  it('scales the median rate of each kind by points and fits', () => {
    // Median 6 s per 2000 point-fits; the plan fits 4000 points 3 times.
    const estimate = estimateCost(past, [{ kind: 'theta', params: {} }], 4000, 2);
    expect(estimate.models).toEqual([{ kind: 'theta', seconds: (6 / 2000) * 4000 * 3, samples: 3 }]);
    expect(estimate.total).toBeCloseTo(36);
  });

  it('scales a neural model by the epochs asked for (the defaults\' when none are)', () => {
    const half = estimateCost(past, [{ kind: 'lstm', params: { epochs: 25 } }], 1000, 1);
    expect(half.models[0].seconds).toBeCloseTo(50);
    const byDefault = estimateCost(past, [{ kind: 'lstm', params: {} }], 1000, 1);
    expect(byDefault.models[0].seconds).toBeCloseTo((100 * NEURAL_TRAINING_DEFAULTS.epochs) / 50);
  });

  // The fresh-eyes analyst's case: NLinear fitted once on the airline series (132 points), then planned on 300 series
  // of 200 points. The estimate scaled by points said 17 minutes; the run took 9 s. An epoch draws a bounded number of
  // windows, so the cost grows by at most the ratio of those bounds, not by the 450-fold of the points.
  it('does not scale a neural model by the points past what an epoch draws', () => {
    const airline: PastFit[] = [{ kind: 'nlinear', fitSeconds: 3, points: 132, fits: 2, epochs: NEURAL_TRAINING_DEFAULTS.epochs }];
    const small = estimateCost(airline, [{ kind: 'nlinear', params: {} }], 132, 1).total;
    const large = estimateCost(airline, [{ kind: 'nlinear', params: {} }], 60_000, 1).total;
    expect(small).toBeCloseTo(3);
    expect(large / small).toBeCloseTo(NEURAL_TRAINING_DEFAULTS.maxEpochWindows / NEURAL_TRAINING_DEFAULTS.minEpochWindows);
    expect(large).toBeLessThan(60);
  });

  it('prices a kind never fitted here by the contracts cost table, so a fresh installation has an estimate too', () => {
    const estimate = estimateCost(past, [{ kind: 'theta', params: {} }, { kind: 'gru', params: { epochs: 7 } }], 1000, 1);
    // The same seconds the run's progress weighs the model by: 1000 points, one window and the final fit, its epochs.
    const progressWeight = expectedFitSeconds({ kind: 'gru', params: { epochs: 7 } }, { points: 1000, windows: 1 });
    expect(estimate.models[1]).toEqual({ kind: 'gru', seconds: progressWeight, samples: 0 });
    expect(estimate.total).toBeCloseTo(6 + estimate.models[1].seconds);
    expect(estimate.calibrated).toBe(true);
    expect(estimateCost(past, [{ kind: 'theta', params: {} }], 1000, 1).calibrated).toBe(false);
  });

  it('grows with the points and the fits, and prices the neural models above the baselines', () => {
    const neural: readonly string[] = NEURAL_MODEL_KINDS;
    fc.assert(
      fc.property(fc.constantFrom(...MODEL_KINDS), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 50 }), (kind, points, windows) => {
        const one = estimateCost([], [{ kind, params: {} }], points, windows).total;
        const doubled = estimateCost([], [{ kind, params: {} }], points * 2, windows).total;
        // A statistical model fits every point; a neural one trains on an epoch of windows capped whatever the data.
        if (neural.includes(kind)) expect(doubled).toBeGreaterThanOrEqual(one);
        else expect(doubled).toBeCloseTo(2 * one);
        expect(estimateCost([], [{ kind, params: {} }], points, windows + 1).total).toBeGreaterThan(one);
      }),
    );
    // On the bench's hourly data (7 ETTh2 slices: 5,264 training points), one fit.
    const baseline = estimateCost([], [{ kind: 'auto_ets', params: {} }], 5264, 0).total;
    for (const kind of NEURAL_MODEL_KINDS) {
      expect(estimateCost([], [{ kind, params: {} }], 5264, 0).total, kind).toBeGreaterThan(baseline);
    }
  });
});

describe('formatDuration', () => {
  it('rounds to the unit that reads naturally', () => {
    expect(formatDuration(0.2)).toBe('under a second');
    expect(formatDuration(42.4)).toBe('about 42 s');
    expect(formatDuration(600)).toBe('about 10 min');
    expect(formatDuration(9000)).toBe('about 2.5 h');
  });
});
