import { describe, expect, it } from 'vitest';
import { modelProgressSchema, progressLabel, runEventSchema } from './index';

describe('progress events', () => {
  const event = {
    runId: 'r',
    runModelId: 'm',
    fraction: 0.4,
    phase: { kind: 'backtest', window: 2, of: 3 },
    epoch: { n: 5, of: 40, loss: 0.12, valLoss: 0.2 },
  } as const;

  it('carries which fit trains and its epoch, typed', () => {
    expect(modelProgressSchema.parse(event)).toEqual(event);
    expect(modelProgressSchema.safeParse({ ...event, phase: { kind: 'backtest', window: 0, of: 3 } }).success).toBe(false);
    expect(modelProgressSchema.safeParse({ ...event, phase: { kind: 'forecast' } }).success).toBe(false);
    expect(runEventSchema.parse({ type: 'progress', ...event })).toMatchObject({ phase: event.phase, epoch: event.epoch });
  });

  it('says where a model is in words', () => {
    expect(progressLabel({ phase: { kind: 'backtest', window: 2, of: 3 }, epoch: event.epoch })).toBe('backtest window 2 of 3 · epoch 5 of 40');
    expect(progressLabel({ phase: { kind: 'final' }, epoch: { ...event.epoch, network: { n: 2, of: 3 } } })).toBe(
      'final fit · network 2 of 3, epoch 5 of 40',
    );
    expect(progressLabel({ phase: { kind: 'final' }, epoch: { ...event.epoch, network: { n: 1, of: 1 } } })).toBe('final fit · epoch 5 of 40');
    expect(progressLabel({ phase: { kind: 'loading' } })).toBe('loading data');
    expect(progressLabel({ phase: { kind: 'saving' } })).toBe('saving results');
    expect(progressLabel({ phase: { kind: 'shards', done: 3, of: 9 } })).toBe('fitting shards: 3 of 9 done');
    expect(progressLabel({ phase: { kind: 'merging' } })).toBe('merging shards');
  });
});
