import { describe, expect, it } from 'vitest';
import { defaultHorizon } from './horizon';

describe('defaultHorizon', () => {
  it('uses the M4 horizons when the series are long enough', () => {
    expect(defaultHorizon({ frequency: { unit: 'month', step: 1 }, minLength: 144 }, 3)).toBe(18);
    expect(defaultHorizon({ frequency: { unit: 'quarter', step: 1 }, minLength: 200 }, 1)).toBe(8);
    expect(defaultHorizon({ frequency: { unit: 'hour', step: 1 }, minLength: 17_420 }, 3)).toBe(48);
    expect(defaultHorizon({ frequency: { unit: 'week', step: 1 }, minLength: 300 }, 2)).toBe(13);
  });

  it('shortens the horizon so the backtest leaves as much history to train on as it tests', () => {
    // 36 months, 3 windows: 6 points per window leaves 18 held out and 18 to train on.
    expect(defaultHorizon({ frequency: { unit: 'month', step: 1 }, minLength: 36 }, 3)).toBe(6);
  });

  it('never goes below one point', () => {
    expect(defaultHorizon({ frequency: { unit: 'day', step: 1 }, minLength: 1 }, 5)).toBe(1);
  });
});
