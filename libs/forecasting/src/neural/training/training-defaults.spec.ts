import { describe, expect, it } from 'vitest';
import { cycleInputSize, resolveSettings, type DataShape, type ModelDefaults } from './training-defaults';

const TRANSFORMER: ModelDefaults = { learningRate: 1e-3, normalization: 'standard', loss: 'mae', maxInput: 512 };

/** The second input a fit with `cycleInput` trains on, beside the default one (null: none). */
function secondInput(data: DataShape, params: { cycleInput?: boolean; inputSize?: number } = { cycleInput: true }): number | null {
  return cycleInputSize(params, data, resolveSettings(params, data, TRANSFORMER), TRANSFORMER);
}

describe('the cycle-long second input', () => {
  const hourly = (length: number): DataShape => ({ lengths: [length, length, length], season: 24, horizon: 48, longestCycle: 168 });

  it('is two weeks on hourly data of M4 Hourly length, beside the default four horizons (192 hours)', () => {
    expect(resolveSettings({}, hourly(852), TRANSFORMER).inputSize).toBe(192);
    expect(secondInput(hourly(852))).toBe(336);
  });

  it('is none where two cycles do not fit a typical series, the kind’s longest input, or exceed the default input', () => {
    expect(secondInput(hourly(400))).toBeNull(); // 400 - 2 horizons leaves 304 < 336
    expect(secondInput({ lengths: [3000], season: 7, horizon: 14, longestCycle: 365 })).toBeNull(); // daily: 730 > 512
    expect(secondInput({ lengths: [300], season: 12, horizon: 18, longestCycle: 12 })).toBeNull(); // 24 < 72
    expect(secondInput({ lengths: [300], season: 1, horizon: 13 })).toBeNull();
  });

  it('is only for a fit that asks for it, and never beside an input the user gave', () => {
    expect(secondInput(hourly(852), {})).toBeNull();
    expect(secondInput(hourly(852), { cycleInput: false })).toBeNull();
    expect(secondInput(hourly(852), { cycleInput: true, inputSize: 192 })).toBeNull();
  });
});
