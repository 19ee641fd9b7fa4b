import { describe, expect, it } from 'vitest';
import { evaluateModel } from '@foretell/forecasting';
import { isFinalAttempt, UserError, type JobLike } from '@foretell/queue';
import { asUserError } from './fit-model';

describe('engine errors retrying cannot fix', () => {
  it('become user errors with the engine message: diverged training, impossible settings', () => {
    const diverged = asUserError(new Error('training diverged at epoch 3 (loss NaN); lower the learning rate'));
    expect(diverged).toBeInstanceOf(UserError);
    expect((diverged as Error).message).toMatch(/loss NaN/);
    expect(asUserError(new RangeError('lstm: no series is long enough to train on'))).toBeInstanceOf(UserError);
    expect(asUserError(Object.assign(new Error('model "naive" cannot use covariates'), { name: 'CovariatesError' }))).toBeInstanceOf(UserError);
  });

  it('leave other errors to be retried', () => {
    const transient = new Error('Connection terminated unexpectedly');
    expect(asUserError(transient)).toBe(transient);
  });
});

describe('values a model cannot fit', () => {
  it('fail that model at once (not retried) with a reason naming the series by its key', async () => {
    // 1e300 beside values near 1: ses's squared errors overflow (was "nelder-mead: objective is not finite at the starting point").
    const south = Float64Array.from({ length: 30 }, (_, t) => (t === 5 ? 1e300 : 1 + (t % 4)));
    const failure = await evaluateModel({
      series: [south],
      seriesNames: ['south'],
      horizon: 3,
      season: 4,
      backtest: { windows: 1, step: 3 },
      model: { kind: 'ses' },
    }).catch((error: unknown) => error);
    const classified = asUserError(failure);
    expect(classified).toBeInstanceOf(UserError);
    expect((classified as Error).message).toMatch(/^model "ses" cannot be fitted to series "south": .*rescale the data/);
    const firstOfThree = { attemptsMade: 0, opts: { attempts: 3 } } as JobLike;
    expect(isFinalAttempt(firstOfThree, classified)).toBe(true);
  });
});
