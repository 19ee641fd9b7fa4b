import { describe, expect, it } from 'vitest';
import type { ModelForecast } from '@foretell/contracts';
import { modelForecastNotes } from './model-forecast-notes';

const forecast = (over: Partial<ModelForecast>): ModelForecast => ({ modelId: 'm', datasetVersion: 2, horizon: 12, series: [], omitted: [], notes: [], ...over });
const added = 'added to the dataset after the model was trained (on version 1): a run on the current data forecasts it';

describe('modelForecastNotes', () => {
  it('says nothing when nothing is left out or extrapolated', () => {
    expect(modelForecastNotes(forecast({}))).toEqual([]);
  });

  it('passes the worker\'s notes on and names the series left out, grouped by reason', () => {
    const widened = 'The model was calibrated for 6 steps: intervals past step 6 are …';
    expect(modelForecastNotes(forecast({ notes: [widened], omitted: [{ seriesId: 'c', reason: added }] }))).toEqual([
      widened,
      `Not forecast: c, ${added}.`,
    ]);
  });

  it('names the first few of many left out and counts the rest', () => {
    const omitted = Array.from({ length: 12 }, (_, i) => ({ seriesId: `s${i}`, reason: added }));
    expect(modelForecastNotes(forecast({ omitted }))).toEqual([`Not forecast: 12 series (s0, s1, s2, s3, s4 and 7 more), ${added}.`]);
  });
});
