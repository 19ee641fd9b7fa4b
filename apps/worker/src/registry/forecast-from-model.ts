import { z } from 'zod';
import {
  datasetProfileSchema,
  ensembleArtifactSchema,
  gridTimestamps,
  intervalsSchema,
  type ForecastFromModelJob,
  type Frequency,
  type Intervals,
  type ModelForecast,
} from '@foretell/contracts';
import { decodeValues, loadDatasetSnapshot, type Database, type LoadedSeries } from '@foretell/db';
import {
  boundForecast,
  combineForecasts,
  deserializeArtifact,
  fillMissing,
  floorAtZero,
  isNonNegative,
  restoreModel,
  type SeriesCovariates,
} from '@foretell/forecasting';
import { seriesForRun } from '../runs/run-series';
import { UserError } from '@foretell/queue';

const keysSchema = z.array(z.string());

/**
 * Forecasts from a saved model without retraining. On the data it was trained on (same content hash) it predicts
 * exactly what the run stored; after rows were appended it forecasts from each series' new end with the saved
 * parameters. Intervals keep the training-time conformal widths around the new point forecasts (grown past the
 * calibrated horizon). Nothing is left out silently: series of the dataset the model does not know are named.
 */
export async function forecastFromModel(db: Database, job: ForecastFromModelJob): Promise<ModelForecast> {
  const { prisma, pool } = db;
  const saved = await prisma.trainedModel.findUnique({ where: { id: job.modelId }, include: { dataset: true } });
  if (!saved) throw new UserError(`No saved model ${job.modelId}.`);
  const trainedKeys = keysSchema.parse(saved.seriesKeys);
  const wanted = job.series ?? trainedKeys;
  const unknown = wanted.filter((key) => !trainedKeys.includes(key));
  if (unknown.length) throw new UserError(`The model was not trained on series ${unknown.slice(0, 5).join(', ')}.`);
  const horizon = job.horizon ?? saved.horizon;
  if (saved.kind === 'ensemble') return forecastFromEnsemble(db, job, saved, wanted, horizon);
  const frequency = datasetProfileSchema.parse(saved.dataset.profile).frequency;

  // The series and the hash that says whether they are what the model was trained on, from one snapshot.
  const dataset = await loadDatasetSnapshot(pool, saved.datasetId);
  if (!dataset) throw new UserError(`Dataset ${saved.datasetId} no longer exists.`);
  const stored = new Map(dataset.series.map((s) => [s.key, s]));
  const current = trainedKeys.map((key) => {
    const series = stored.get(key);
    if (!series) throw new UserError(`Series ${key} was deleted from the dataset since the model was trained.`);
    return series;
  });
  const unchanged = dataset.contentHash === saved.datasetHash;
  const covariates = await covariatesFor(prisma, saved, [...stored.values()], trainedKeys, horizon, frequency);

  const model = await restoreModel(deserializeArtifact(saved.artifact, saved.weights));
  let forecasts: Float64Array[];
  try {
    if (!unchanged && !model.forecastFrom) throw new UserError(`A saved ${saved.kind} model cannot forecast from new data.`);
    forecasts = unchanged
      ? await model.predict(horizon, covariates)
      : await model.forecastFrom!(
          current.map((s) => (s.values.some(Number.isNaN) ? fillMissing(s.values, 'linear').values : s.values)),
          horizon,
          covariates,
        );
  } finally {
    model.dispose();
  }

  const fitted = await fittedForecasts(prisma, saved.runModelId, current.map((s) => s.id));
  const series = wanted.map((key) => {
    const i = trainedKeys.indexOf(key);
    // The engine's range rule (a non-negative history is forecast at 0 or above), as the run applied it.
    const nonNegative = isNonNegative(current[i]!.values);
    const yhat = Array.from(boundForecast(current[i]!.values, forecasts[i]!));
    const stored = fitted.get(current[i]!.id);
    // `predict` forecasts from where the fit ended (its stored origin); `forecastFrom` from the series' end today.
    const origin = unchanged && stored ? stored.origin : current[i]!.length;
    return {
      seriesId: key,
      timestamps: gridTimestamps(current[i]!.start, frequency, horizon, origin).map((d) => d.toISOString()),
      yhat,
      intervals: around(yhat, stored?.widths, nonNegative),
    };
  });
  return {
    modelId: saved.id,
    datasetVersion: dataset.version,
    horizon,
    series,
    omitted: omittedSeries(dataset.series, trainedKeys, job, saved.datasetVersion),
    notes: intervalNotes(saved.horizon, series),
  };
}

/**
 * A saved ensemble forecasts by combining what its members' saved models forecast now (the same combination as in
 * its run), with its own training-time interval widths around the combination.
 */
async function forecastFromEnsemble(
  db: Database,
  job: ForecastFromModelJob,
  saved: { id: string; runModelId: string; datasetId: string; artifact: unknown; horizon: number; datasetVersion: number; seriesKeys: unknown; dataset: { version: number } },
  wanted: string[],
  horizon: number,
): Promise<ModelForecast> {
  const artifact = ensembleArtifactSchema.parse(saved.artifact);
  const members: ModelForecast[] = [];
  for (const member of artifact.members) members.push(await forecastFromModel(db, { ...job, modelId: member.modelId, series: wanted, horizon }));
  const seriesIds = await db.prisma.series.findMany({ where: { datasetId: saved.datasetId, key: { in: wanted } }, select: { id: true, key: true } });
  const fitted = await fittedForecasts(db.prisma, saved.runModelId, seriesIds.map((s) => s.id));
  const idOf = new Map(seriesIds.map((s) => [s.key, s.id]));
  // The members' forecasts already keep the range rule (a combination of values ≥ 0 is ≥ 0); the bounds must too.
  const dataset = await loadDatasetSnapshot(db.pool, saved.datasetId);
  const valuesOf = new Map(dataset?.series.map((s) => [s.key, s.values]));
  const series = wanted.map((key, i) => {
    const yhat = Array.from(combineForecasts(members.map((m) => m.series[i]!.yhat), artifact.method));
    const nonNegative = isNonNegative(valuesOf.get(key) ?? []);
    return { seriesId: key, timestamps: members[0]!.series[i]!.timestamps, yhat, intervals: around(yhat, fitted.get(idOf.get(key)!)?.widths, nonNegative) };
  });
  return {
    modelId: saved.id,
    datasetVersion: saved.dataset.version,
    horizon,
    series,
    omitted: omittedSeries(dataset?.series ?? [], keysSchema.parse(saved.seriesKeys), job, saved.datasetVersion),
    notes: intervalNotes(saved.horizon, series),
  };
}

/**
 * The dataset's series a forecast of every series the model knows leaves out (those added since it was trained), each
 * with why; none when the caller named the series (a name the model does not know is refused instead).
 */
function omittedSeries(
  stored: readonly { key: string }[],
  trainedKeys: readonly string[],
  job: ForecastFromModelJob,
  trainedVersion: number,
): ModelForecast['omitted'] {
  if (job.series) return [];
  const known = new Set(trainedKeys);
  const reason = `added to the dataset after the model was trained (on version ${trainedVersion}): a run on the current data forecasts it`;
  return stored.filter((s) => !known.has(s.key)).map((s) => ({ seriesId: s.key, reason }));
}

/** Says how intervals past the calibrated horizon were made, where there are any. */
function intervalNotes(calibrated: number, series: readonly { yhat: number[]; intervals: Intervals }[]): string[] {
  const widened = series.some((s) => s.yhat.length > calibrated && Object.keys(s.intervals).length > 0);
  return widened
    ? [
        `The model was calibrated for ${calibrated} steps: intervals past step ${calibrated} are step ${calibrated}'s widths ` +
          `grown by √(step / ${calibrated}), as a random walk's errors grow, not calibrated on backtest errors.`,
      ]
    : [];
}

/** The covariates (and calendar) a model trained with them reads again now, one per saved series (none for the others). */
async function covariatesFor(
  prisma: Database['prisma'],
  saved: { runModelId: string; kind: string; params: unknown },
  series: LoadedSeries[],
  keys: string[],
  horizon: number,
  frequency: Frequency,
): Promise<SeriesCovariates[] | undefined> {
  const run = await prisma.run.findFirst({
    where: { models: { some: { id: saved.runModelId } } },
    select: { covariates: true, calendar: true },
  });
  const model = { kind: saved.kind, params: saved.params as Record<string, unknown> };
  // The calendar is rebuilt from each series' grid for the new horizon (and the new end, after appends).
  const { targets, covariates } = seriesForRun(
    series,
    { covariates: run?.covariates ?? null, calendar: run?.calendar ?? null, horizon },
    model,
    frequency,
  );
  if (!covariates) return undefined;
  const byKey = new Map(targets.map((t, i) => [t.key, covariates[i]!]));
  return keys.map((key) => byKey.get(key)!);
}

type Widths = Record<string, { below: number[]; above: number[] }>;

/**
 * Per series, what the fit stored: where its forecast started, and how far the training-time intervals reached below
 * and above the forecast at each step.
 */
async function fittedForecasts(
  prisma: Database['prisma'],
  runModelId: string,
  seriesIds: string[],
): Promise<Map<string, { origin: number; widths: Widths }>> {
  const rows = await prisma.forecast.findMany({ where: { runModelId, seriesId: { in: seriesIds } } });
  return new Map(
    rows.map((row) => {
      const yhat = decodeValues(row.yhat);
      const intervals = intervalsSchema.parse(row.intervals ?? {});
      const widths: Widths = {};
      for (const [level, { lo, hi }] of Object.entries(intervals)) {
        widths[level] = { below: lo.map((v, t) => yhat[t]! - v), above: hi.map((v, t) => v - yhat[t]!) };
      }
      return [row.seriesId, { origin: row.origin, widths }];
    }),
  );
}

/**
 * Intervals around new forecasts: the training-time widths at the steps they were calibrated for; past the last one,
 * its widths grown by √(step / calibrated steps), the growth of a random walk's errors (one factor for every level,
 * so the levels still nest). Floored at 0 for a non-negative series, as the engine floors them.
 */
function around(yhat: number[], widths: Widths | undefined, nonNegative: boolean): Intervals {
  const bound = (values: number[]) => (nonNegative ? Array.from(floorAtZero(values)) : values);
  const intervals: Intervals = {};
  for (const [level, { below, above }] of Object.entries(widths ?? {})) {
    const calibrated = below.length;
    if (calibrated === 0) continue;
    const width = (side: number[], t: number) => (t < calibrated ? side[t]! : side[calibrated - 1]! * Math.sqrt((t + 1) / calibrated));
    intervals[level] = { lo: bound(yhat.map((v, t) => v - width(below, t))), hi: bound(yhat.map((v, t) => v + width(above, t))) };
  }
  return intervals;
}
