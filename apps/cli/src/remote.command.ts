import { openAsBlob } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { progressLabel, weightedRunProgress, type CreateRunBody, type Dataset, type Run } from '@foretell/contracts';
import type { CliOptions } from './cli-options';
import { describe, InputError, resolveModels } from './forecast.command';
import { ProgressReporter } from './progress-reporter';
import { RemoteClient } from './remote-client';

const POLL_MS = 1000;
const FINISHED = new Set(['completed', 'failed', 'cancelled']);

export interface RemoteOptions {
  server: string;
  apiKey: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Submits the file to a Foretell server instead of running the engine here: uploads it (POST /api/datasets), starts
 * a run (POST /api/runs), follows it (GET /api/runs/:id), prints the leaderboard and writes leaderboard.json and the
 * server's forecasts and backtests exports. Resolves to the exit code: 0 when a model completed, 1 otherwise.
 */
export async function runRemote(options: CliOptions, remote: RemoteOptions, reporter = new ProgressReporter()): Promise<number> {
  const models = resolveModels(options);
  await access(options.input).catch(() => {
    throw new InputError(`${options.input}: no such file`);
  });
  const api = new RemoteClient(remote.server, remote.apiKey);

  // The upload: 201 ready, 202 still ingesting (followed below), 400 with the rows at fault.
  const form = new FormData();
  form.append('name', basename(options.input));
  if (Object.keys(options.mapping).length) form.append('mapping', JSON.stringify(options.mapping));
  form.append('file', await openAsBlob(options.input, { type: 'text/csv' }), basename(options.input));
  reporter.info(`uploading ${options.input} to ${remote.server}`);
  let dataset: Dataset = await api.call('uploadDataset', { body: form });
  while (dataset.status === 'ingesting') {
    reporter.update('ingesting', 0);
    await sleep(POLL_MS);
    dataset = await api.call('getDataset', { params: { id: dataset.id } });
  }
  if (dataset.status !== 'ready' || !dataset.profile) {
    const problems = dataset.problems.slice(0, 10).map((p) => `  ${p.row ? `row ${p.row}: ` : ''}${p.message}`);
    throw new InputError([`${options.input} cannot be used: ${dataset.error ?? dataset.status}`, ...problems].join('\n'));
  }
  const { profile } = dataset;
  reporter.info(
    `dataset ${dataset.id}: ${profile.seriesCount} series, ${profile.points} points, every ${profile.frequency.step} ${profile.frequency.unit}(s)`,
  );

  const backtest = 'windows' in options.backtest ? { windows: options.backtest.windows, step: options.backtest.step } : undefined;
  const body: CreateRunBody = {
    datasetId: dataset.id,
    horizon: options.horizon,
    models,
    ensembles: options.ensembles.map((e) => ({ method: e.combine, top: e.topK })),
    backtest: backtest ?? { windows: 1 },
    levels: options.levels,
    ...(options.season !== null && { season: options.season }),
    ...(options.calendar && { calendar: options.calendar }),
  };
  let run: Run = await api.call('createRun', { body });
  reporter.info(`run ${run.id}: ${models.map((m) => m.kind).join(', ')}; horizon ${run.horizon}, season ${run.season}`);

  // Follows the run: overall progress, and a line as each model ends.
  const reported = new Set<string>();
  for (;;) {
    for (const entry of run.leaderboard) {
      if (!FINISHED.has(entry.status) || reported.has(entry.runModelId)) continue;
      reported.add(entry.runModelId);
      const label = `[${reported.size}/${run.leaderboard.length}] ${entry.kind}`;
      reporter.done(entry.metrics && entry.status === 'completed' ? `${label}: ${describe(entry.metrics, 'mase')}` : `${label}: ${entry.status}${entry.error ? `: ${entry.error}` : ''}`);
    }
    if (FINISHED.has(run.status)) break;
    const training = run.leaderboard.find((e) => e.status === 'running' && e.progressDetail);
    const where = training?.progressDetail ? ` · ${training.kind} ${progressLabel(training.progressDetail)}` : '';
    reporter.update(`run ${run.status}${where}`, weightedRunProgress(run, profile.points));
    await sleep(POLL_MS);
    run = await api.call('getRun', { params: { id: run.id } });
  }

  await mkdir(options.out, { recursive: true });
  await writeFile(
    join(options.out, 'leaderboard.json'),
    JSON.stringify(
      {
        input: options.input,
        server: remote.server,
        datasetId: dataset.id,
        runId: run.id,
        status: run.status,
        horizon: run.horizon,
        season: run.season,
        frequency: profile.frequency,
        series: profile.seriesCount,
        backtest: run.backtest,
        levels: run.levels,
        rankBy: 'mase',
        seed: run.seed,
        models: run.leaderboard.map((e) => ({
          model: e.kind,
          kind: e.kind,
          params: e.params,
          ...(e.report?.settings && { settings: e.report.settings }),
          rank: e.rank,
          metrics: e.metrics,
          metricsPerStep: e.perStep,
          coverage: e.coverage,
          fitSeconds: e.fitSeconds,
          predictSeconds: e.predictSeconds,
          backend: e.backend,
          warnings: e.warnings,
          error: e.error,
        })),
      },
      null,
      2,
    ) + '\n',
  );
  for (const [what, file] of [
    ['forecasts', 'forecasts.csv'],
    ['backtests', 'backtest.csv'],
  ] as const) {
    const response = await api.call('exportRun', { params: { id: run.id }, query: { what } }, { headers: { accept: 'text/csv' } });
    await writeFile(join(options.out, file), Buffer.from(await response.arrayBuffer()));
  }

  printLeaderboard(run);
  reporter.info(`run ${run.status}; wrote leaderboard.json, forecasts.csv and backtest.csv to ${options.out}`);
  return run.leaderboard.some((e) => e.status === 'completed') ? 0 : 1;
}

/** The leaderboard on stdout, best first: rank, model, MASE, sMAPE, MAE, RMSE. */
function printLeaderboard(run: Run): void {
  const number = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toPrecision(4));
  const rows = run.leaderboard.map((e) => [
    e.rank === null ? '–' : String(e.rank),
    e.kind,
    number(e.metrics?.mase),
    number(e.metrics?.smape),
    number(e.metrics?.mae),
    number(e.metrics?.rmse),
    e.status === 'completed' ? '' : e.status,
  ]);
  const table = [['rank', 'model', 'mase', 'smape', 'mae', 'rmse', ''], ...rows];
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  process.stdout.write(table.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n') + '\n');
}
