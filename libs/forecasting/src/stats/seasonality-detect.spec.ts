import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readColumn } from '../core/datasets.fixture';
import { detectSeasonalities } from './seasonality';
import { hourlyCycles, noise } from '../core/noise.fixture';

const hourly = (seed: number, weekly: boolean) => hourlyCycles(seed, { weekendStep: weekly ? 5 : 0, noiseScale: 3 });

describe('detectSeasonalities', () => {
  it.each([5, 6, 7])('finds the daily and the weekly cycle of hourly data (seed %i)', (seed) => {
    expect(detectSeasonalities(hourly(seed, true), [24, 168])).toEqual([24, 168]);
  });

  it.each([5, 6, 7])('does not take a daily cycle for a weekly one: 168 is a multiple of 24 (seed %i)', (seed) => {
    expect(detectSeasonalities(hourly(seed, false), [168, 24])).toEqual([24]);
  });

  it('finds nothing in white noise or a random walk', () => {
    for (const seed of [1, 2, 3]) {
      const e = noise(900, seed);
      let level = 0;
      const walk = e.map((v) => (level += v));
      expect(detectSeasonalities(e, [24, 168])).toEqual([]);
      expect(detectSeasonalities(walk, [24, 168])).toEqual([]);
    }
  });

  it('finds the airline yearly cycle and the daily temperatures yearly, not weekly, cycle', () => {
    expect(detectSeasonalities(readColumn('airline-passengers.csv', 1), [12])).toEqual([12]);
    expect(detectSeasonalities(readColumn('daily-min-temperatures.csv', 1), [7, 365])).toEqual([365]);
  });

  it('needs more than two cycles, and finite values', () => {
    expect(detectSeasonalities(hourly(5, true).subarray(0, 336), [24, 168])).toEqual([24]);
    const gap = hourly(5, true);
    gap[10] = NaN;
    expect(detectSeasonalities(gap, [24])).toEqual([]);
  });

  it('keeps candidates ascending and is unchanged by shifting or scaling the series', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.boolean(),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (seed, weekly, shift, scale) => {
          const y = hourly(seed, weekly);
          const found = detectSeasonalities(y, [168, 24, 24]);
          expect(found).toEqual([...found].sort((a, b) => a - b));
          expect(found.every((p) => p === 24 || p === 168)).toBe(true);
          expect(detectSeasonalities(y.map((v) => shift + scale * v), [24, 168])).toEqual(found);
        },
      ),
      { numRuns: 25 },
    );
  });
});
