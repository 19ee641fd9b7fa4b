import { describe, expect, it } from 'vitest';
import { mase } from './metrics';
import { windowMetrics } from './scoring';
import { rmsse, scaledBias } from './scaled-errors';

// In-sample changes of [0, 2, 0, 0, 4]: 2, −2, 0, 4 → mean absolute 2, mean square 6.
const insample = [0, 2, 0, 0, 4];

describe('scaled errors for intermittent demand', () => {
  it('RMSSE divides the MSE by the mean squared in-sample change', () => {
    // Errors 1, −1, 2: MSE 2; RMSSE √(2/6).
    expect(rmsse([1, 0, 3], [0, 1, 1], insample)).toBeCloseTo(Math.sqrt(2 / 6), 12);
  });

  it('scaled bias is the mean error over the mean absolute change, positive when forecasts are low', () => {
    expect(scaledBias([1, 0, 3], [0, 1, 1], insample)).toBeCloseTo(2 / 3 / 2, 12);
    expect(scaledBias([0, 0], [1, 1], insample)).toBeCloseTo(-0.5, 12);
  });

  it('is NaN, not Infinity, for a constant history, and skips missing actuals', () => {
    expect(rmsse([1], [0], [3, 3, 3])).toBeNaN();
    expect(scaledBias([1], [0], [3, 3, 3])).toBeNaN();
    expect(rmsse([NaN, 2], [5, 0], insample)).toBeCloseTo(Math.sqrt(4 / 6), 12);
  });
});

describe('the leaderboard metrics on windows with no demand', () => {
  it('score an all-zero window without NaN: MASE from the history, sMAPE 0 only for a forecast of zero', () => {
    const zeros = [0, 0, 0];
    const scale = 2; // a history with demand
    const flat = windowMetrics(zeros, [0.5, 0.5, 0.5], scale);
    expect(flat).toEqual({ smape: 200, mase: 0.25, mae: 0.5, rmse: 0.5 });
    expect(windowMetrics(zeros, [0, 0, 0], scale)).toEqual({ smape: 0, mase: 0, mae: 0, rmse: 0 });
    expect(mase(zeros, [0.5, 0.5, 0.5], insample, 1)).toBeCloseTo(0.25, 12);
  });

  it('leave MASE out (null) for a history without demand instead of dividing by zero', () => {
    expect(windowMetrics([0, 1], [0, 0], 0).mase).toBeNull();
  });
});
