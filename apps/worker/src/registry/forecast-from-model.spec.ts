import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelForecast } from '@foretell/contracts';
import { insertDatasetSeries, openTestDatabase, type Database } from '@foretell/db';
import { fitModel } from '../runs/fit-model';
import { quietJob as job, readyDataset } from '../testing/fixtures';
import { forecastFromModel } from './forecast-from-model';

/** A saved model asked for more than its run calibrated, or on a dataset that grew since: no silent gap in the answer. */
const START = new Date('2000-01-01T00:00:00Z');
const profile = {
  layout: 'wide',
  columns: { timestamp: 'month', seriesId: null, values: ['a', 'b'] },
  frequency: { unit: 'month', step: 1 },
  seriesCount: 2,
  rows: 60,
  points: 120,
  minLength: 60,
  maxLength: 60,
  start: START.toISOString(),
  end: '2004-12-01T00:00:00.000Z',
  gaps: 0,
  missing: 0,
  gappiestSeries: [],
};
const monthly = (level: number) => Float64Array.from({ length: 60 }, (_, t) => level + 3 * Math.sin((2 * Math.PI * t) / 12) + t / 10 + ((t * 7) % 5));

describe('forecasts from a saved model', () => {
  let db: Database;
  let datasetId: string;
  let modelId: string;
  beforeAll(async () => {
    db = await openTestDatabase('worker_saved_forecast');
    const ready = await readyDataset(db, { name: 'd', contentHash: 'h1', profile }, [
      { key: 'a', start: START, values: monthly(50) },
      { key: 'b', start: START, values: monthly(80) },
    ]);
    const { workspaceId } = ready;
    datasetId = ready.datasetId;
    const run = await db.prisma.run.create({
      data: { workspaceId, datasetId, horizon: 6, season: 12, windows: 2, step: 6, datasetHash: 'h1', models: { create: [{ position: 0, kind: 'theta' }] } },
      include: { models: true },
    });
    await fitModel(db, job, { runId: run.id, runModelId: run.models[0]!.id });
    modelId = (await db.prisma.trainedModel.findUniqueOrThrow({ where: { runModelId: run.models[0]!.id } })).id;
  }, 60_000);
  afterAll(() => db?.close());

  const width = (forecast: ModelForecast, key: string, level: string, step: number) => {
    const band = forecast.series.find((s) => s.seriesId === key)!.intervals[level]!;
    return band.hi[step]! - band.lo[step]!;
  };

  it('gives intervals for every step past the calibrated horizon, widened from its last step, and says so', async () => {
    const trained = await forecastFromModel(db, { modelId });
    expect(trained.notes).toEqual([]);
    const longer = await forecastFromModel(db, { modelId, horizon: 12 });
    for (const series of longer.series) {
      for (const level of ['80', '95']) {
        // Was 6 bounds of 12: the table showed "— – —" from step 7.
        expect(series.intervals[level]!.lo).toHaveLength(12);
        expect(series.intervals[level]!.hi).toHaveLength(12);
        const before = trained.series.find((s) => s.seriesId === series.seriesId)!.intervals[level]!;
        expect(series.intervals[level]!.lo.slice(0, 6)).toEqual(before.lo);
        for (let k = 6; k < 12; k++) expect(width(longer, series.seriesId, level, k)).toBeCloseTo(width(longer, series.seriesId, level, 5) * Math.sqrt((k + 1) / 6), 9);
      }
      series.intervals['95']!.lo.forEach((lo, k) => expect(lo).toBeLessThanOrEqual(series.intervals['80']!.lo[k]!));
    }
    expect(longer.notes).toEqual([
      "The model was calibrated for 6 steps: intervals past step 6 are step 6's widths grown by √(step / 6), as a random walk's errors grow, not calibrated on backtest errors.",
    ]);
  });

  it('names the series it leaves out, with why: one added to the dataset after the model was trained', async () => {
    await insertDatasetSeries(db.pool, datasetId, [{ key: 'c', start: START, values: monthly(20) }], 2);
    await db.prisma.dataset.update({ where: { id: datasetId }, data: { version: 2, contentHash: 'h2' } });
    const forecast = await forecastFromModel(db, { modelId });
    expect(forecast.datasetVersion).toBe(2);
    expect(forecast.series.map((s) => s.seriesId)).toEqual(['a', 'b']);
    expect(forecast.omitted).toEqual([{ seriesId: 'c', reason: 'added to the dataset after the model was trained (on version 1): a run on the current data forecasts it' }]);
    // Asked for the model's own series by name, nothing is left out of what was asked.
    expect((await forecastFromModel(db, { modelId, series: ['b'] })).omitted).toEqual([]);
  });
});
