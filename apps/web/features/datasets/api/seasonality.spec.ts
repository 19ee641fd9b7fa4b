import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autocorrelation, missingRuns, seasonalityHint } from './seasonality';

const airline = readFileSync(resolve(__dirname, '../../../../../../shared/datasets/airline-passengers.csv'), 'utf8')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((line) => Number(line.split(',')[1]));

describe('autocorrelation', () => {
  it('is (n - lag) / n at a whole period of a zero-mean wave', () => {
    const wave = Array.from({ length: 120 }, (_, t) => Math.sin((2 * Math.PI * t) / 12));
    expect(autocorrelation(wave, 12)).toBeCloseTo(108 / 120, 10);
    expect(autocorrelation(wave, 6)).toBeCloseTo(-114 / 120, 10);
  });

  it('matches R acf(AirPassengers) at lags 1 and 12 (0.948, 0.760)', () => {
    expect(autocorrelation(airline, 1)).toBeCloseTo(0.948, 3);
    expect(autocorrelation(airline, 12)).toBeCloseTo(0.76, 2);
  });

  it('skips pairs with a missing value and refuses what it cannot compute', () => {
    // Present values 1,3,1,3,1,3: mean 2, squares sum 6; four complete pairs three apart, each (±1)² = 1.
    expect(autocorrelation([1, null, 3, 1, null, 3, 1, null, 3], 3)).toBeCloseTo(4 / 6, 10);
    expect(autocorrelation([5, 5, 5, 5], 1)).toBeNull();
    expect(autocorrelation([1, 2], 2)).toBeNull();
  });
});

describe('seasonalityHint', () => {
  it('finds the yearly season of the airline passengers', () => {
    const hint = seasonalityHint(airline, 12);
    expect(hint).toMatchObject({ kind: 'tested', season: 12, seasonal: true });
  });

  it('finds none in noise', () => {
    let seed = 7;
    const noise = Array.from({ length: 240 }, () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    });
    expect(seasonalityHint(noise, 12)).toMatchObject({ kind: 'tested', seasonal: false });
  });

  it('needs three seasons and a season above one', () => {
    expect(seasonalityHint(airline.slice(0, 30), 12)).toEqual({ kind: 'too-short', season: 12, needed: 36 });
    expect(seasonalityHint(airline, 1)).toEqual({ kind: 'no-season' });
  });
});

describe('missingRuns', () => {
  it('counts missing points and the longest gap', () => {
    expect(missingRuns([1, null, null, 2, null, 3, null, null, null])).toEqual({ missing: 6, longest: 3 });
  });
});
