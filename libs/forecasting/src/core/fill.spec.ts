import { describe, expect, it } from 'vitest';
import { fillMissing } from './fill';
import { trainValidationSplit } from './split';

const N = NaN;

describe('fillMissing', () => {
  it('interpolates linearly inside, carries the nearest value at the edges', () => {
    const r = fillMissing([N, 1, N, N, 4, N]);
    expect(Array.from(r.values)).toEqual([1, 1, 2, 3, 4, 4]);
    expect(r.filled).toBe(4);
  });

  it('forward, zero and mean strategies', () => {
    expect(Array.from(fillMissing([N, 1, N, 3], 'forward').values)).toEqual([1, 1, 1, 3]);
    expect(Array.from(fillMissing([2, N, 4], 'zero').values)).toEqual([2, 0, 4]);
    expect(Array.from(fillMissing([2, N, 4], 'mean').values)).toEqual([2, 3, 4]);
  });

  it('leaves an all-missing series alone and does not mutate its input', () => {
    expect(fillMissing([N, N]).filled).toBe(0);
    const input = Float64Array.from([1, N, 3]);
    fillMissing(input);
    expect(input[1]).toBeNaN();
  });
});

describe('trainValidationSplit', () => {
  it('holds out the last points', () => {
    const { train, validation } = trainValidationSplit(Float64Array.from([1, 2, 3, 4]), 1);
    expect(Array.from(train)).toEqual([1, 2, 3]);
    expect(Array.from(validation)).toEqual([4]);
    expect(() => trainValidationSplit(Float64Array.from([1]), 1)).toThrow(/cannot hold out/);
  });
});
