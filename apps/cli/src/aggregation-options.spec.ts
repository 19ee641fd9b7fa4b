import { describe, expect, it } from 'vitest';
import { parseCliOptions, type CliOptions } from './cli-options';

const parseOptions = (args: string[]) => parseCliOptions(args, {}) as CliOptions;

describe('reading options for duplicates, resampling and workbooks', () => {
  const base = ['--input', 'till.xlsx', '--horizon', '7'];
  it('puts them in the mapping', () => {
    const options = parseOptions([...base, '--duplicates', 'sum', '--resample', '1d:sum', '--sheet', 'Daily']);
    expect(options.mapping).toEqual({ duplicates: 'sum', resample: { frequency: { unit: 'day', step: 1 }, aggregate: 'sum' }, sheet: 'Daily' });
    expect(parseOptions([...base, '--resample', '15min:mean']).mapping).toEqual({ resample: { frequency: { unit: 'minute', step: 15 }, aggregate: 'mean' } });
  });
  it.each([
    [['--duplicates', 'max'], /--duplicates must be one of refuse, sum, mean, last, first/],
    [['--resample', 'daily'], /--resample takes a frequency and sum or mean, e\.g\. 1d:sum/],
    [['--resample', '1d:max'], /--resample takes/],
  ])('refuses %j', (args, message) => {
    expect(() => parseOptions([...base, ...args])).toThrow(message);
  });
});
