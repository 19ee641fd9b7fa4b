import { describe, expect, it } from 'vitest';
import type { LeaderboardEntry, RunEvent } from '@foretell/contracts';
import { lossCurveOf, withEpoch, type LiveFit } from './live-training';

const progress = (epoch: number, loss: number, valLoss?: number): RunEvent => ({
  type: 'progress',
  runId: 'r',
  runModelId: 'm',
  fraction: 0.1,
  epoch,
  epochs: 3,
  loss,
  valLoss,
});

describe('withEpoch', () => {
  it('builds the loss curve epoch by epoch and starts over when a new network trains', () => {
    let fits: ReadonlyMap<string, LiveFit> = new Map();
    fits = withEpoch(fits, progress(1, 0.9, 1.1));
    fits = withEpoch(fits, progress(2, 0.5));
    expect(fits.get('m')).toEqual({
      epoch: 2,
      epochs: 3,
      curve: [
        { epoch: 1, loss: 0.9, valLoss: 1.1 },
        { epoch: 2, loss: 0.5, valLoss: null },
      ],
    });
    fits = withEpoch(fits, progress(1, 0.8));
    expect(fits.get('m')?.curve).toEqual([{ epoch: 1, loss: 0.8, valLoss: null }]);
  });

  it('ignores events without an epoch (statistical models, milestones)', () => {
    const fits = new Map<string, LiveFit>();
    expect(withEpoch(fits, { type: 'progress', runId: 'r', runModelId: 'm', fraction: 0.5 })).toBe(fits);
    expect(withEpoch(fits, { type: 'model-completed', runId: 'r', runModelId: 'm' })).toBe(fits);
  });
});

describe('lossCurveOf', () => {
  const report = { epochs: 2, maxEpochs: 5, members: 1, parameterCount: 7, curve: [{ epoch: 1, loss: 2, valLoss: null }] };
  const entry = (status: LeaderboardEntry['status']) => ({ runModelId: 'm', status, report }) as LeaderboardEntry;
  const live = new Map<string, LiveFit>([['m', { epoch: 1, epochs: 5, curve: [{ epoch: 1, loss: 3, valLoss: null }] }]]);

  it('shows the live curve while training and the saved report once completed', () => {
    expect(lossCurveOf(entry('running'), live)[0].loss).toBe(3);
    expect(lossCurveOf(entry('completed'), live)[0].loss).toBe(2);
    expect(lossCurveOf({ ...entry('completed'), report: null }, new Map())).toEqual([]);
  });
});
