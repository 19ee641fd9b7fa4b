import { describe, expect, it } from 'vitest';
import { driftForecast } from './drift.model';
import { naiveForecast } from './naive.model';
import { seasonalNaiveForecast } from './seasonal-naive.model';

const arr = (f: Float64Array) => Array.from(f);

describe('naive family', () => {
  it('naive repeats the last known value', () => {
    expect(arr(naiveForecast([1, 2, 3], 2))).toEqual([3, 3]);
    expect(arr(naiveForecast([1, 2, NaN], 2))).toEqual([2, 2]);
    expect(() => naiveForecast([NaN], 1)).toThrow(/no known value/);
  });

  it('seasonal naive repeats the last season', () => {
    expect(arr(seasonalNaiveForecast([1, 2, 3, 4, 5, 6, 7], 5, 3))).toEqual([5, 6, 7, 5, 6]);
    // Shorter than a season: naive.
    expect(arr(seasonalNaiveForecast([1, 2], 3, 4))).toEqual([2, 2, 2]);
    expect(arr(seasonalNaiveForecast([1, 2, 3, 4], 2, 1))).toEqual([4, 4]);
  });

  it('drift extends the line through the first and last points', () => {
    expect(arr(driftForecast([1, 5, 3, 7], 3))).toEqual([9, 11, 13]);
    expect(arr(driftForecast([4], 2))).toEqual([4, 4]);
    expect(arr(driftForecast([1, 3, NaN], 2))).toEqual([7, 9]);
  });
});
