import { createReadStream } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_CATALOGUE, MODEL_KINDS, presetRun, progressLabel, runSeasonalities, seasonFor, stepTimestamp, type CalendarUsed, type Frequency, type Metrics, type MetricName, type ModelKind } from '@foretell/contracts';
import {
  detectDatasetSeasonalities,
  evaluateEnsemble,
  evaluateModel,
  owa,
  rankBy,
  parseModelParams,
  validatePlan,
  withCalendar,
  type DetectedSeasonality,
  type ModelEvaluation,
  type SeriesCovariates,
} from '@foretell/forecasting';
import { CsvIngestError, demandClassCounts, ingestCsv } from '@foretell/ingest';
import { UsageError, type CliOptions } from './cli-options';
import { splitCovariateColumns } from './covariate-columns';
import { CsvWriter, formatTimestamp } from './output-writers';
import { ProgressReporter } from './progress-reporter';

/** A problem with the input file: printed as is, exit code 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

interface Series {
  key: string;
  start: Date;
  values: Float64Array;
}

interface ModelResult {
  name: string;
  kind: ModelKind | 'ensemble';
  params: Record<string, unknown>;
  evaluation: ModelEvaluation | null;
  /** Deep models: the settings their final fit used, defaults resolved (params hold only what was asked). */
  settings?: Record<string, unknown>;
  error: string | null;
  members?: string[];
}

/** Runs every model on the file and writes the three outputs. Resolves to the process exit code. */
export async function runForecast(options: CliOptions, reporter = new ProgressReporter()): Promise<number> {
  const models = resolveModels(options);
  try {
    validatePlan(options.backtest, options.horizon);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }

  const input = await readInput(options);
  const { frequency } = input;
  let series = input.series;
  let covariates: SeriesCovariates[] | undefined;
  if (options.covariates) {
    try {
      ({ targets: series, covariates } = splitCovariateColumns(series, options.covariates, options.horizon));
    } catch (error) {
      throw new InputError(`${options.input}: ${(error as Error).message}`);
    }
  }
  const season = options.season ?? seasonFor(frequency);
  // Without --season the models test every period the frequency suggests (hourly: 24 and 168) on each series.
  const seasonalities = runSeasonalities(frequency, options.season);
  const detected = detectDatasetSeasonalities(series.map((s) => s.values), seasonalities);
  const points = series.reduce((s, x) => s + x.values.length, 0);
  reporter.info(`${options.input}: ${series.length} series, ${points} points, every ${frequency.step} ${frequency.unit}(s); season ${season}`);
  reporter.info(`seasonal periods: ${describeSeasonalities(detected, series.length)}`);
  if (options.covariates) {
    const { past, future } = options.covariates;
    reporter.info(`covariates: past ${past.join(', ') || 'none'}; future ${future.join(', ') || 'none'}`);
  }
  const grids = series.map((s) => ({ start: s.start, frequency, length: s.values.length, horizon: options.horizon }));
  const calendar = options.calendar ? withCalendar(covariates, grids, options.calendar) : undefined;
  if (calendar) {
    const { columns, skipped, holidays, holidaysInData, holidaysInHorizon } = calendar.used;
    const days = holidays ? `; ${holidays} holidays: ${holidaysInData} in the data, ${holidaysInHorizon} in the horizon` : '';
    const left = skipped.length ? `; left out (constant at this frequency): ${skipped.join(', ')}` : '';
    reporter.info(`calendar: ${columns.join(', ') || 'no columns'}${days}${left}`);
  }

  // A preset fits the data as the server's does: its slower deep models are left out on large data (its time budget),
  // auto_intermittent where no series is intermittent (it would forecast as theta).
  const afforded = options.preset ? new Set<string>(presetRun(options.preset, { points, demandClasses: demandClassCounts(series) }).models.map((m) => m.kind)) : null;
  const dropped = afforded ? models.filter((m) => !afforded.has(m.kind)).map((m) => m.kind) : [];
  if (dropped.length) reporter.info(`${options.preset}: left out for this data (${points} points; its time budget and demand classes): ${dropped.join(', ')}`);
  const planned = afforded ? models.filter((m) => afforded.has(m.kind)) : models;

  const results: ModelResult[] = [];
  for (const [index, model] of planned.entries()) {
    const label = `[${index + 1}/${planned.length}] ${model.kind}`;
    const started = performance.now();
    const { covariates: modelCovariates, notes: note } = covariatesFor(model, covariates, calendar?.covariates);
    try {
      const evaluation = await evaluateModel({
        series: series.map((s) => s.values),
        seriesNames: series.map((s) => s.key),
        covariates: modelCovariates,
        horizon: options.horizon,
        season,
        seasonalities,
        backtest: options.backtest,
        model,
        seed: options.seed,
        levels: options.levels,
        fill: options.fill,
        onProgress: (progress) => reporter.update(`${label} ${progressLabel(progress)}`, progress.fraction),
      });
      evaluation.warnings.unshift(...note);
      const settings = evaluation.fitReport?.settings;
      results.push({ name: model.kind, kind: model.kind, params: model.params, evaluation, error: null, ...(settings && { settings }) });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      reporter.done(`${label}: ${describe(evaluation.metrics, options.rankBy)} (${seconds}s)`);
      for (const warning of evaluation.warnings) reporter.info(`  warning: ${warning}`);
    } catch (error) {
      results.push({ name: model.kind, kind: model.kind, params: model.params, evaluation: null, error: String((error as Error).message ?? error) });
      reporter.done(`${label}: failed: ${(error as Error).message}`);
    }
  }

  const members = results.filter((r) => r.evaluation !== null);
  for (const spec of options.ensembles) {
    const name = `ensemble_${spec.combine}_top${spec.topK}`;
    try {
      if (members.length < 2) throw new Error('needs at least two models that succeeded');
      const evaluation = evaluateEnsemble({
        series: series.map((s) => s.values),
        horizon: options.horizon,
        season,
        members: members.map((m) => ({ name: m.name, evaluation: m.evaluation as ModelEvaluation })),
        combine: spec.combine,
        topK: spec.topK,
        rankBy: options.rankBy,
        levels: options.levels,
      });
      results.push({ name, kind: 'ensemble', params: { ...spec }, evaluation, error: null, members: evaluation.members });
      reporter.info(`${name} of ${evaluation.members.join(', ')}: ${describe(evaluation.metrics, options.rankBy)}`);
    } catch (error) {
      results.push({ name, kind: 'ensemble', params: { ...spec }, evaluation: null, error: (error as Error).message });
      reporter.info(`${name}: failed: ${(error as Error).message}`);
    }
  }

  await mkdir(options.out, { recursive: true });
  const ranks = rankBy(results.map((r) => ({ metrics: r.evaluation?.metrics ?? null })), options.rankBy);
  const data = { season, seasonalities: detected, frequency, series: series.length, calendar: calendar?.used };
  await writeLeaderboard(join(options.out, 'leaderboard.json'), options, data, results, ranks);
  await writeForecasts(join(options.out, 'forecasts.csv'), series, frequency, options, results);
  await writeBacktest(join(options.out, 'backtest.csv'), series, frequency, options.horizon, results);
  reporter.info(`wrote leaderboard.json, forecasts.csv and backtest.csv to ${options.out}`);
  return results.some((r) => r.evaluation !== null) ? 0 : 1;
}

/** The requested models (or every single-series model), with their params checked before any work. */
export function resolveModels(options: CliOptions): { kind: ModelKind; params: Record<string, unknown> }[] {
  const requested = options.models ?? MODEL_KINDS.map((kind) => ({ kind, params: options.params[kind] ?? {} }));
  const chosen: { kind: ModelKind; params: Record<string, unknown> }[] = [];
  for (const model of requested) {
    try {
      parseModelParams(model);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    // By default only single-series models: global (neural) models are slow to train and asked for by name.
    if (options.models !== null || !MODEL_CATALOGUE[model.kind].global) chosen.push(model);
  }
  // --params for a kind that will not run would be dropped without a word: the user meant it for a model.
  const unused = Object.keys(options.params).filter((kind) => !chosen.some((m) => m.kind === kind));
  if (unused.length) {
    const running = chosen.map((m) => m.kind).join(', ');
    const hint = options.models === null ? 'name it with --models (deep models run only when named)' : 'add it to the models';
    throw new UsageError(`--params ${unused.join(', ')}: not among the models this command runs (${running}); ${hint}, or drop its --params`);
  }
  return chosen;
}

/**
 * What one model reads: the file's covariates and the calendar (appended to the future ones) when it can; past ones
 * left out for models that read only future covariates. Whatever is left out is said.
 */
function covariatesFor(
  model: { kind: ModelKind; params: Record<string, unknown> },
  given: SeriesCovariates[] | undefined,
  withDates: SeriesCovariates[] | undefined,
): { covariates?: SeriesCovariates[]; notes: string[] } {
  const reads = MODEL_CATALOGUE[model.kind].covariates;
  const all = withDates ?? given;
  if (!all) return { notes: [] };
  if (reads === 'none') {
    const notes = [];
    if (given) notes.push(`${model.kind} cannot use covariates: it ran on the target alone`);
    if (withDates) notes.push(`${model.kind} cannot use the calendar: it ran without it`);
    return { notes };
  }
  if (reads === 'all' || all.every((c) => c.past.length === 0)) return { covariates: all, notes: [] };
  return {
    covariates: all.map((c) => ({ past: [], future: c.future })),
    notes: [`${model.kind} reads only future covariates: it left out the past ones`],
  };
}

async function readInput(options: CliOptions): Promise<{ series: Series[]; frequency: Frequency }> {
  try {
    await access(options.input);
  } catch {
    throw new InputError(`cannot read ${options.input}: no such file, or no permission to read it`);
  }
  try {
    const data = await ingestCsv(createReadStream(options.input), { mapping: options.mapping });
    if (data.series.length === 0) throw new InputError(`${options.input} holds no series`);
    return { series: data.series, frequency: data.frequency };
  } catch (error) {
    if (error instanceof CsvIngestError) {
      const shown = error.problems.slice(0, 10).map((p) => {
        // Messages usually name their row already; add it only where they do not.
        const located = p.row === null || p.message.toLowerCase().includes(`row ${p.row}`);
        return `  ${located ? '' : `row ${p.row}: `}${p.message}`;
      });
      const more = error.problems.length > 10 ? [`  … and ${error.problems.length - 10} more`] : [];
      throw new InputError([`${options.input} cannot be used:`, ...shown, ...more].join('\n'));
    }
    throw error;
  }
}

/** "24 (400 of 400 series), 168 (371 of 400 series)", or "none detected (candidates …)". */
function describeSeasonalities(detected: DetectedSeasonality[], count: number): string {
  const shown = detected.filter((d) => d.series > 0);
  if (shown.length === 0) return `none detected${detected.length ? ` (tested ${detected.map((d) => d.period).join(', ')})` : ''}`;
  return shown.map((d) => `${d.period} (${d.series} of ${count} series)`).join(', ');
}

export function describe(metrics: Metrics, rankMetric: MetricName): string {
  const order: MetricName[] = [rankMetric, ...(['smape', 'mase', 'mae', 'rmse'] as const).filter((m) => m !== rankMetric)];
  return order.map((m) => `${m} ${metrics[m] === null ? '–' : (metrics[m] as number).toPrecision(4)}`).join(', ');
}

async function writeLeaderboard(
  path: string,
  options: CliOptions,
  data: { season: number; seasonalities: DetectedSeasonality[]; frequency: Frequency; series: number; calendar?: CalendarUsed },
  results: ModelResult[],
  ranks: (number | null)[],
): Promise<void> {
  // OWA (the M4 ranking) is defined relative to Naive2, so it is reported only when Naive2 ran.
  const naive2 = results.find((r) => r.kind === 'naive2')?.evaluation?.metrics;
  const owaOf = (m: Metrics | undefined) =>
    naive2 && m && m.smape !== null && m.mase !== null && naive2.smape && naive2.mase
      ? owa({ smape: m.smape, mase: m.mase }, { smape: naive2.smape, mase: naive2.mase })
      : null;
  const entries = results
    .map((r, i) => ({
      model: r.name,
      kind: r.kind,
      params: r.params,
      ...(r.settings && { settings: r.settings }),
      ...(r.members ? { members: r.members } : {}),
      rank: ranks[i],
      metrics: r.evaluation?.metrics ?? null,
      ...(naive2 ? { owa: owaOf(r.evaluation?.metrics) } : {}),
      metricsPerStep: r.evaluation?.perStep ?? null,
      coverage: r.evaluation?.coverage ?? null,
      fitSeconds: r.evaluation?.fitSeconds ?? null,
      predictSeconds: r.evaluation?.predictSeconds ?? null,
      backend: r.evaluation?.backend ?? null,
      seriesBacktested: r.evaluation ? r.evaluation.perSeries.filter((p) => p.metrics !== null).length : null,
      warnings: r.evaluation?.warnings ?? [],
      error: r.error,
    }))
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
  const leaderboard = {
    input: options.input,
    horizon: options.horizon,
    season: data.season,
    seasonalities: data.seasonalities,
    frequency: data.frequency,
    series: data.series,
    ...(options.covariates ? { columns: options.covariates } : {}),
    ...(data.calendar ? { calendar: data.calendar } : {}),
    backtest: options.backtest,
    levels: options.levels,
    rankBy: options.rankBy,
    seed: options.seed,
    models: entries,
  };
  await writeFile(path, JSON.stringify(leaderboard, null, 2) + '\n');
}

/** Formats grid timestamps of one series, each index once (backtest windows overlap). */
function timestampsOf(series: Series, frequency: Frequency) {
  const cache = new Map<number, string>();
  return (index: number): string => {
    let text = cache.get(index);
    if (text === undefined) {
      text = formatTimestamp(stepTimestamp(series.start, frequency, index), frequency);
      cache.set(index, text);
    }
    return text;
  };
}

async function writeForecasts(path: string, series: Series[], frequency: Frequency, options: CliOptions, results: ModelResult[]) {
  const levelKeys = options.levels.map(String);
  const writer = new CsvWriter(path, ['unique_id', 'ds', 'model', 'yhat', ...levelKeys.flatMap((l) => [`lo_${l}`, `hi_${l}`])]);
  for (const [i, s] of series.entries()) {
    const ts = timestampsOf(s, frequency);
    for (const r of results) {
      const p = r.evaluation?.perSeries[i];
      if (!p) continue;
      for (let k = 0; k < options.horizon; k++) {
        const bounds = levelKeys.flatMap((l) => [p.intervals[l]?.lo[k] ?? NaN, p.intervals[l]?.hi[k] ?? NaN]);
        await writer.row([s.key, ts(s.values.length + k), r.name, p.forecast[k], ...bounds]);
      }
    }
  }
  await writer.close();
}

async function writeBacktest(path: string, series: Series[], frequency: Frequency, horizon: number, results: ModelResult[]) {
  const writer = new CsvWriter(path, ['unique_id', 'cutoff', 'ds', 'model', 'y', 'yhat']);
  for (const [i, s] of series.entries()) {
    const ts = timestampsOf(s, frequency);
    for (const r of results) {
      const p = r.evaluation?.perSeries[i];
      if (!p) continue;
      for (const [w, c] of p.backtest.cutoffs.entries()) {
        // The cutoff is the last training timestamp; the window forecasts the `horizon` points after it.
        for (let k = 0; k < horizon; k++) {
          await writer.row([s.key, ts(c - 1), ts(c + k), r.name, s.values[c + k], p.backtest.yhat[w][k]]);
        }
      }
    }
  }
  await writer.close();
}
