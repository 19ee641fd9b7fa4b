import { describe, expect, it } from 'vitest';
import { gatherWindows, planWindows, scaleSeries, thinOrigins } from './series-windows';

describe('planWindows', () => {
  it('reproduces the ETTh2 protocol split: full inputs, train targets before row 8640, validation targets in 8640–11519', () => {
    // Fitted on rows [0, 11520) with the last 2880 rows held out: DLinear/PatchTST's train and validation windows.
    const pools = planWindows([11520], { inputSize: 336, horizon: 96, validation: 2880 });
    expect(pools.minContext).toBe(336);
    expect(pools.train.count).toBe(8640 - 336 - 96 + 1);
    expect(pools.train.t[0]).toBe(336);
    expect(pools.train.t[pools.train.count - 1] + 96).toBe(8640);
    expect(pools.validation.count).toBe(2880 - 96 + 1);
    expect(pools.validation.t[0]).toBe(8640);
    expect(pools.validation.t[pools.validation.count - 1] + 96).toBe(11520);
  });

  it('keeps short series with half an input when some series cannot fill one', () => {
    // The 12-point series has no full 8-point input before its 3 targets and 3 validation points.
    const pools = planWindows([40, 12], { inputSize: 8, horizon: 3, validation: 3 });
    expect(pools.minContext).toBe(4);
    const short = Array.from(pools.train.t).filter((_, i) => pools.train.series[i] === 1);
    expect(short).toEqual([4, 5, 6]);
    expect(Array.from(pools.validation.t).filter((_, i) => pools.validation.series[i] === 1)).toEqual([9]);
  });

  it('limits each series to its most recent origins when asked', () => {
    const pools = planWindows([100, 60], { inputSize: 10, horizon: 5, validation: 5, recentWindows: 7 });
    expect(pools.train.count).toBe(14);
    expect(Math.max(...pools.train.t.filter((_, i) => pools.train.series[i] === 0))).toBe(90);
  });
});

describe('scaleSeries', () => {
  it('fills gaps and z-scores with statistics of the training part only', () => {
    const s = scaleSeries([1, NaN, 3, 5, 100], 4);
    expect(s.mean).toBeCloseTo(2.75);
    expect(s.values[1] * s.std + s.mean).toBeCloseTo(2, 5);
    expect(s.values[4] * s.std + s.mean).toBeCloseTo(100, 3);
  });

  it('gives a constant series unit scale and refuses one with no value', () => {
    expect(scaleSeries([4, 4, 4]).std).toBe(1);
    expect(() => scaleSeries([NaN, NaN])).toThrow(/no known value/);
  });
});

describe('gatherWindows', () => {
  it('copies inputs and targets, repeating the first value before a series starts', () => {
    const s = { values: Float32Array.from([1, 2, 3, 4, 5, 6]), mean: 0, std: 1 };
    const origins = { series: Int32Array.from([0, 0]), t: Int32Array.from([2, 4]), count: 2 };
    const { x, y } = gatherWindows([s], origins, [1, 0], 4, 2);
    expect(Array.from(x)).toEqual([1, 2, 3, 4, 1, 1, 1, 2]);
    expect(Array.from(y)).toEqual([5, 6, 3, 4]);
  });

  it('thins a pool evenly and deterministically', () => {
    const o = { series: new Int32Array(10), t: Int32Array.from({ length: 10 }, (_, i) => i), count: 10 };
    expect(Array.from(thinOrigins(o, 4).t)).toEqual([0, 2, 5, 7]);
  });
});
