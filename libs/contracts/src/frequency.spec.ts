import { describe, expect, it } from 'vitest';
import { frequencyLabel, gridTimestamps, seasonFor } from './frequency';

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
