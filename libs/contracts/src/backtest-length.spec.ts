import { describe, expect, it } from 'vitest';
import { backtestLength } from './backtest-length';

describe('backtestLength', () => {
  it('holds out the last window and a step per earlier one, and two points to train on before them', () => {
    expect(backtestLength({ horizon: 200, windows: 3 })).toEqual({ heldOut: 600, train: 2, needed: 602 });
    expect(backtestLength({ horizon: 12, windows: 2, step: 1 })).toEqual({ heldOut: 13, train: 2, needed: 15 });
    expect(backtestLength({ horizon: 6, windows: 1 })).toEqual({ heldOut: 6, train: 2, needed: 8 });
  });
});
