import { describe, expect, it } from 'vitest';
import { frequencyLabel, gridTimestamps, runSeasonalities, seasonalCandidates, seasonFor } from './frequency';

describe('seasonFor', () => {
  it('uses the M4 seasonal periods', () => {
    expect(seasonFor({ unit: 'hour', step: 1 })).toBe(24);
    expect(seasonFor({ unit: 'week', step: 1 })).toBe(1);
    expect(seasonFor({ unit: 'month', step: 1 })).toBe(12);
    expect(seasonFor({ unit: 'quarter', step: 1 })).toBe(4);
  });
  it('has no default season for multi-unit steps', () => {
    expect(seasonFor({ unit: 'minute', step: 15 })).toBe(1);
    expect(frequencyLabel({ unit: 'minute', step: 15 })).toBe('15min');
  });
});

describe('seasonalCandidates', () => {
  it('offers the day and the week within a day, the week and the year for days, the year beyond', () => {
    expect(seasonalCandidates({ unit: 'hour', step: 1 })).toEqual([24, 168]);
    expect(seasonalCandidates({ unit: 'minute', step: 30 })).toEqual([48, 336]);
    expect(seasonalCandidates({ unit: 'minute', step: 15 })).toEqual([96, 672]);
    expect(seasonalCandidates({ unit: 'day', step: 1 })).toEqual([7, 365]);
    expect(seasonalCandidates({ unit: 'week', step: 1 })).toEqual([52]);
    expect(seasonalCandidates({ unit: 'month', step: 1 })).toEqual([12]);
    expect(seasonalCandidates({ unit: 'quarter', step: 1 })).toEqual([4]);
  });
  it('offers only whole periods of at most a week of 10-minute steps', () => {
    // 7 hours do not divide a day but do a week (24 steps); a minute grid's day (1440) and week are too long to test.
    expect(seasonalCandidates({ unit: 'hour', step: 7 })).toEqual([24]);
    expect(seasonalCandidates({ unit: 'hour', step: 5 })).toEqual([]);
    expect(seasonalCandidates({ unit: 'minute', step: 1 })).toEqual([]);
    expect(seasonalCandidates({ unit: 'minute', step: 10 })).toEqual([144, 1008]);
    expect(seasonalCandidates({ unit: 'hour', step: 12 })).toEqual([2, 14]);
    expect(seasonalCandidates({ unit: 'day', step: 2 })).toEqual([]);
    expect(seasonalCandidates({ unit: 'year', step: 1 })).toEqual([]);
  });
});

describe('runSeasonalities', () => {
  it("tests the frequency's candidates only with its default, seasonal, season", () => {
    expect(runSeasonalities({ unit: 'hour', step: 1 }, null)).toEqual([24, 168]);
    expect(runSeasonalities({ unit: 'hour', step: 1 }, 24)).toEqual([24, 168]);
    expect(runSeasonalities({ unit: 'hour', step: 1 }, 12)).toEqual([12]);
    // Weekly keeps M4's m = 1 unless 52 is asked for.
    expect(runSeasonalities({ unit: 'week', step: 1 }, null)).toEqual([1]);
    expect(runSeasonalities({ unit: 'week', step: 1 }, 52)).toEqual([52]);
  });
});

describe('gridTimestamps', () => {
  it('steps months by calendar', () => {
    const ts = gridTimestamps(new Date('1949-11-01T00:00:00Z'), { unit: 'month', step: 1 }, 3);
    expect(ts.map((d) => d.toISOString().slice(0, 7))).toEqual(['1949-11', '1949-12', '1950-01']);
  });
  it('keeps month-end series at month ends', () => {
    const ts = gridTimestamps(new Date('2020-01-31T00:00:00Z'), { unit: 'month', step: 1 }, 4);
    expect(ts.map((d) => d.toISOString().slice(0, 10))).toEqual(['2020-01-31', '2020-02-29', '2020-03-31', '2020-04-30']);
    const q = gridTimestamps(new Date('2019-12-01T00:00:00Z'), { unit: 'quarter', step: 1 }, 2, 1);
    expect(q.map((d) => d.toISOString().slice(0, 10))).toEqual(['2020-03-01', '2020-06-01']);
  });
  it('steps fixed units by milliseconds, with an offset', () => {
    const ts = gridTimestamps(new Date('2016-07-01T00:00:00Z'), { unit: 'hour', step: 1 }, 2, 24);
    expect(ts.map((d) => d.toISOString())).toEqual(['2016-07-02T00:00:00.000Z', '2016-07-02T01:00:00.000Z']);
  });
});
