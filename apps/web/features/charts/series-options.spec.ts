import { describe, expect, it } from 'vitest';
import type { LineSeriesOption } from 'echarts';
import { historyOption, toPoints } from './series-options';

function months(n: number, from = 1949): string[] {
  return Array.from({ length: n }, (_, i) => new Date(Date.UTC(from, i, 1)).toISOString());
}

describe('series options', () => {
  it('keeps missing values as gaps', () => {
    expect(toPoints(months(2), [1, null])).toEqual([
      [Date.UTC(1949, 0, 1), 1],
      [Date.UTC(1949, 1, 1), null],
    ]);
  });

  it('draws 100k points with LTTB sampling, progressively and without symbols', () => {
    const n = 100_000;
    const timestamps = Array.from({ length: n }, (_, i) => new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString());
    const option = historyOption({ id: 'big', timestamps, values: timestamps.map((_, i) => Math.sin(i / 100)) });
    const [series] = option.series as LineSeriesOption[];
    expect(series).toMatchObject({ sampling: 'lttb', showSymbol: false, progressive: 20_000 });
    expect(option.animation).toBe(false);
    expect(option.useUTC).toBe(true);
  });
});
