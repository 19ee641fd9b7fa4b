import { gridTimestamps, type Frequency } from '@foretell/contracts';
import { describe, expect, it } from 'vitest';
import { detectFrequency, GridIndexer } from './frequency-grid';

const day = 86_400_000;
const hour = 3_600_000;
const t = (iso: string) => Date.parse(iso + (iso.length <= 10 ? 'T00:00:00Z' : 'Z'));
const range = (start: number, step: number, n: number) => Array.from({ length: n }, (_, i) => start + i * step);

describe('detectFrequency', () => {
  it('names fixed steps by the largest unit that divides them', () => {
    expect(detectFrequency(range(0, 1000, 10))).toEqual({ unit: 'second', step: 1 });
    expect(detectFrequency(range(0, 15 * 60_000, 10))).toEqual({ unit: 'minute', step: 15 });
    expect(detectFrequency(range(0, hour, 10))).toEqual({ unit: 'hour', step: 1 });
    expect(detectFrequency(range(0, 6 * hour, 10))).toEqual({ unit: 'hour', step: 6 });
    expect(detectFrequency(range(0, day, 10))).toEqual({ unit: 'day', step: 1 });
    expect(detectFrequency(range(t('2019-01-07'), 7 * day, 10))).toEqual({ unit: 'week', step: 1 });
    expect(detectFrequency(range(t('2019-01-07'), 14 * day, 10))).toEqual({ unit: 'week', step: 2 });
  });

  it('steps months by the calendar (28-31 days apart), from month starts or month ends', () => {
    const starts = gridTimestamps(new Date(t('1949-01-01')), { unit: 'month', step: 1 }, 30).map((d) => d.getTime());
    expect(detectFrequency(starts)).toEqual({ unit: 'month', step: 1 });
    const ends = gridTimestamps(new Date(t('2019-01-31')), { unit: 'month', step: 1 }, 30).map((d) => d.getTime());
    expect(new Set(ends.map((x) => new Date(x).getUTCDate())).size).toBeGreaterThan(1);
    expect(detectFrequency(ends)).toEqual({ unit: 'month', step: 1 });
    const quarters = gridTimestamps(new Date(t('1990-01-01')), { unit: 'quarter', step: 1 }, 12).map((d) => d.getTime());
    expect(detectFrequency(quarters)).toEqual({ unit: 'quarter', step: 1 });
    const years = gridTimestamps(new Date(t('1900-01-01')), { unit: 'year', step: 1 }, 12).map((d) => d.getTime());
    expect(detectFrequency(years)).toEqual({ unit: 'year', step: 1 });
  });

  it('is robust to gaps: the most common difference wins', () => {
    const daily = range(t('2020-01-01'), day, 100).filter((_, i) => i % 7 !== 3 && i % 11 !== 5);
    expect(detectFrequency(daily)).toEqual({ unit: 'day', step: 1 });
    const monthly = gridTimestamps(new Date(t('2000-01-01')), { unit: 'month', step: 1 }, 60)
      .map((d) => d.getTime())
      .filter((_, i) => i % 4 !== 2);
    expect(detectFrequency(monthly)).toEqual({ unit: 'month', step: 1 });
    // Business days: weekends are gaps of a daily series.
    const weekdays = range(t('2021-01-04'), day, 70).filter((x) => new Date(x).getUTCDay() % 6 !== 0);
    expect(detectFrequency(weekdays)).toEqual({ unit: 'day', step: 1 });
  });

  it('returns null without two distinct timestamps or for sub-second steps', () => {
    expect(detectFrequency([])).toBeNull();
    expect(detectFrequency([5])).toBeNull();
    expect(detectFrequency([5, 5])).toBeNull();
    expect(detectFrequency(range(0, 250, 10))).toBeNull();
  });
});

describe('GridIndexer', () => {
  const cases: [string, Frequency][] = [
    ['2020-01-31', { unit: 'month', step: 1 }],
    ['2020-01-30', { unit: 'month', step: 1 }],
    ['2019-11-29T06:30:00', { unit: 'month', step: 2 }],
    ['2019-12-31', { unit: 'quarter', step: 1 }],
    ['2016-02-29', { unit: 'year', step: 1 }],
    ['2016-07-01T00:00:00', { unit: 'hour', step: 3 }],
    ['2019-01-07', { unit: 'week', step: 1 }],
  ];
  it.each(cases)('inverts the platform grid (gridTimestamps) from %s by %o', (start, frequency) => {
    const grid = gridTimestamps(new Date(t(start)), frequency, 50).map((d) => d.getTime());
    const indexer = new GridIndexer(grid[0], frequency);
    grid.forEach((ms, k) => expect(indexer.index(ms)).toBe(k));
    expect(indexer.index(grid[1] + 60_000)).toBe(-1);
    expect(indexer.index(grid[5] - 60_000)).toBe(-1);
    if (frequency.unit === 'month' || frequency.unit === 'quarter') expect(indexer.index(grid[5] + day)).toBe(-1);
  });
});
