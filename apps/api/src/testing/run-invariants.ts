import { expect } from 'vitest';
import { type Run, type SeriesBacktest, type SeriesForecast, type TrainedModel } from '@foretell/contracts';
import type { Database } from '@foretell/db';
import { apiFetch, getJson } from './http';

/** Everything the API says a run produced, per series: what must stay its own and never change once it ended. */
export interface RunView {
  run: Run;
  forecasts: Record<string, SeriesForecast[]>;
  backtests: Record<string, SeriesBacktest[]>;
  exports: { forecasts: string; backtests: string };
}

export const isFinished = (run: Run) => run.status !== 'queued' && run.status !== 'running';

export async function readRun(apiUrl: string, runId: string, seriesKeys: string[]): Promise<RunView> {
  const ok = async (url: string) => {
    const response = await getJson(url);
    expect(response.status, `${url}: ${JSON.stringify(response.body)}`).toBe(200);
    return response.body;
  };
  const csv = async (what: string) => {
    const response = await apiFetch(`${apiUrl}/runs/${runId}/export?what=${what}`);
    expect(response.status).toBe(200);
    return response.text();
  };
  const view: RunView = { run: await ok(`${apiUrl}/runs/${runId}`), forecasts: {}, backtests: {}, exports: { forecasts: await csv('forecasts'), backtests: await csv('backtests') } };
  for (const key of seriesKeys) {
    const query = `seriesId=${encodeURIComponent(key)}`;
    view.forecasts[key] = await ok(`${apiUrl}/runs/${runId}/forecasts?${query}`);
    view.backtests[key] = await ok(`${apiUrl}/runs/${runId}/backtests?${query}`);
  }
  return view;
}

/** Each read holds exactly the run's own results: one per completed model and series, none of another run. */
export function expectOwnRows({ run, forecasts, backtests }: RunView): void {
  const completed = run.leaderboard.filter((m) => m.status === 'completed');
  const sorted = (list: string[]) => [...list].sort();
  for (const key of Object.keys(forecasts)) {
    expect(sorted(forecasts[key]!.map((f) => f.kind)), `forecasts of run ${run.id}, series ${key}`).toEqual(sorted(completed.map((m) => m.kind)));
    expect(sorted(backtests[key]!.map((b) => b.runModelId)), `backtests of run ${run.id}, series ${key}`).toEqual(sorted(completed.map((m) => m.runModelId)));
    for (const f of forecasts[key]!) {
      expect(f.seriesId).toBe(key);
      expect(f.timestamps).toHaveLength(run.horizon);
      expect(f.yhat).toHaveLength(run.horizon);
    }
    for (const b of backtests[key]!) expect(b.windows.length).toBeLessThanOrEqual(run.backtest.windows);
  }
}

/** The CSV's data lines as cells: text in the `text` columns, numbers (null when empty) elsewhere. Keys hold no commas. */
const dataLines = (csv: string, text: number[]) =>
  csv.split('\n').slice(1).filter(Boolean).map((line) => line.split(',').map((cell, i) => (text.includes(i) ? cell : cell === '' ? null : Number(cell))));
const FORECAST_TEXT = [0, 1, 2];
const BACKTEST_TEXT = [0, 1, 3];
/** A figure as the export writes it: every digit (an empty cell where there is none). */
const out = (value: number | null | undefined) => value ?? null;
const byText = (rows: unknown[][]) => rows.map((row) => JSON.stringify(row)).sort();

/**
 * The CSV exports hold what the JSON reads hold: same lines, same dates, the same numbers (read back from the CSV).
 */
export function expectExportsMatchJson({ run, forecasts, backtests, exports }: RunView): void {
  const levels = run.levels.map(String);
  expect(exports.forecasts.split('\n')[0]).toBe(['series_id', 'model', 'timestamp', 'yhat', ...levels.flatMap((l) => [`lo_${l}`, `hi_${l}`])].join(','));
  const forecastRows = Object.values(forecasts).flat().flatMap((f) =>
    f.yhat.map((v, k) => [f.seriesId, f.kind, f.timestamps[k], out(v), ...levels.flatMap((l) => [out(f.intervals[l]?.lo[k]), out(f.intervals[l]?.hi[k])])]),
  );
  expect(byText(dataLines(exports.forecasts, FORECAST_TEXT)), `forecast export of run ${run.id}`).toEqual(byText(forecastRows));

  const backtestRows = Object.values(backtests).flat().flatMap((b) =>
    b.windows.flatMap((w, i) => w.timestamps.map((t, k) => [b.seriesId, b.kind, i + 1, t, w.actual[k] ?? null, out(w.yhat[k])])),
  );
  expect(byText(dataLines(exports.backtests, BACKTEST_TEXT)), `backtest export of run ${run.id}`).toEqual(byText(backtestRows));
}

/** What Postgres holds for the run is what the API reports. */
export async function expectCountsMatch({ prisma }: Database, apiUrl: string, view: RunView): Promise<void> {
  const { run } = view;
  expect(await prisma.runModel.count({ where: { runId: run.id } })).toBe(run.leaderboard.length);
  // Only completed models' rows are results (a cancelled sharded model may keep the rows its shards saved).
  const stored = await prisma.forecast.count({ where: { runModel: { runId: run.id, status: 'completed' } } });
  expect(stored, `forecast rows of run ${run.id}`).toBe(Object.values(view.forecasts).flat().length);
  expect(stored * run.horizon).toBe(dataLines(view.exports.forecasts, FORECAST_TEXT).length);
  const saved = ((await getJson(`${apiUrl}/models?datasetId=${run.datasetId}`)).body as TrainedModel[]).filter((m) => m.runId === run.id);
  expect(await prisma.trainedModel.count({ where: { runModel: { runId: run.id } } })).toBe(saved.length);
}

/**
 * A run and its saved models name the data they were fitted on: each completed model the version its fit read, the
 * run the newest of those (an older one is said in that model's warnings), each saved model its model's version.
 */
export async function expectFittedVersions(apiUrl: string, { run }: RunView): Promise<void> {
  const completed = run.leaderboard.filter((m) => m.status === 'completed');
  if (completed.length === 0) return;
  const versions = completed.map((m) => m.datasetVersion);
  expect(versions.every((v) => v !== null && v <= run.datasetVersion), `model versions of run ${run.id}`).toBe(true);
  expect(versions, `run ${run.id} says version ${run.datasetVersion}`).toContain(run.datasetVersion);
  for (const m of completed.filter((m) => m.datasetVersion !== run.datasetVersion)) {
    expect(m.warnings.some((w) => w.startsWith(`Fitted on dataset version ${m.datasetVersion};`)), `${m.kind} of run ${run.id}`).toBe(true);
  }
  const saved = ((await getJson(`${apiUrl}/models?datasetId=${run.datasetId}`)).body as TrainedModel[]).filter((m) => m.runId === run.id);
  for (const model of saved) {
    expect(model.datasetVersion, `saved ${model.kind} of run ${run.id}`).toBe(completed.find((m) => m.kind === model.kind)?.datasetVersion);
  }
}

/** All of the above for one run, and, when it was seen finished before, that nothing it produced has changed. */
export async function expectRunInvariants(db: Database, apiUrl: string, runId: string, seriesKeys: string[], before?: RunView): Promise<RunView> {
  const view = await readRun(apiUrl, runId, seriesKeys);
  expectOwnRows(view);
  expectExportsMatchJson(view);
  await expectCountsMatch(db, apiUrl, view);
  await expectFittedVersions(apiUrl, view);
  if (before) expect(view, `run ${runId} changed after it ended`).toEqual(before);
  return view;
}
