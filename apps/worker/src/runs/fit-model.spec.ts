import { describe, expect, it } from 'vitest';
import { UserError } from '@foretell/queue';
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
