import { describe, expect, it } from 'vitest';
import { modelForecastCsv } from './model-forecast-csv';

describe('modelForecastCsv', () => {
  it('writes one line per series and step, sorted by series then time, every figure as the API gave it, with formula-like ids defused', () => {
    const csv = modelForecastCsv({
      modelId: 'm',
      datasetVersion: 2,
      horizon: 2,
      omitted: [],
      notes: [],
      series: [
        {
          seriesId: 'b',
          timestamps: ['2020-02-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z'],
          yhat: [2.123456789, 1],
          intervals: { '95': { lo: [0, 0], hi: [4, 3] }, '80': { lo: [1, 0.5], hi: [3, 1.5] } },
        },
        { seriesId: '=a', timestamps: ['2020-01-01T00:00:00.000Z'], yhat: [417.00000000000006], intervals: { '80': { lo: [1], hi: [2] }, '95': { lo: [0], hi: [3] } } },
      ],
    });
    expect(csv.trim().split('\n')).toEqual([
      'series_id,timestamp,yhat,lo_80,hi_80,lo_95,hi_95',
      "'=a,2020-01-01T00:00:00.000Z,417.00000000000006,1,2,0,3",
      'b,2020-01-01T00:00:00.000Z,1,0.5,1.5,0,3',
      'b,2020-02-01T00:00:00.000Z,2.123456789,1,3,0,4',
    ]);
  });
});
