/**
 * M4 Weekly holdout (359 series, h = 13, m = 1): every neural model fitted once on the training weeks (global,
 * default settings unless --params), scored on the 13 test weeks against Naive2's published figures (OWA), beside
 * Theta and Naive2 computed by the same harness and fixed ensembles of the neural models (no selection on the test
 * weeks: all members, mean and median).
 *
 *   node -r @swc-node/register bench/neural-m4.ts [--models nlinear,gru,…] [--seeds 3] [--params 'lstm={"units":32}']
 *                                                 [--json out.json]
 *
 * With --seeds N each model is fitted N times (seeds 0…N−1); the table shows the mean and the range of OWA, and the
 * ensembles are built per seed. Times are wall seconds on a shared machine: noisy.
 * --smoke: NLinear and DLinear for one short epoch on 12 series (a check that it runs).
 */
import { createModel, fitReportOf } from '@foretell/forecasting';
import { NEURAL_MODEL_KINDS, type ModelKind } from '@foretell/contracts';
import { combine, modelArgs, SMOKE_NEURAL_PARAMS, SMOKE_SERIES, fixed, machine, M4_H, readM4Weekly, reportRuns, scoreM4, type M4Score } from './neural-common';

interface Run {
  model: string;
  seed: number;
  score: M4Score;
  seconds: number;
  epochs?: number;
  parameters?: number;
  forecasts: Float64Array[];
}

const USAGE = `node -r @swc-node/register bench/neural-m4.ts [--models nlinear,gru,…] [--seeds 3] [--params 'lstm={"units":32}']
                                              [--json out.json] [--smoke]`;

async function fitPredict(kind: ModelKind, params: Record<string, unknown>, train: Float64Array[], seed: number) {
  const model = createModel({ kind, params });
  const start = performance.now();
  try {
    await model.fit({ series: train, season: 1, seed, horizon: M4_H });
    const forecasts = await model.predict(M4_H);
    const report = fitReportOf(model);
    return { forecasts, seconds: (performance.now() - start) / 1000, epochs: report?.epochs, parameters: report?.parameterCount, backend: report?.backend };
  } finally {
    model.dispose();
  }
}

async function main(): Promise<void> {
  const args = modelArgs(USAGE, NEURAL_MODEL_KINDS, {});
  if (args.smoke) {
    // Two fast models (so the ensembles run too), one short epoch, a few series.
    args.models = ['nlinear', 'dlinear'];
    for (const kind of args.models) args.params[kind] = SMOKE_NEURAL_PARAMS;
  }
  const { train, test } = readM4Weekly(args.smoke ? SMOKE_SERIES : Infinity);
  const runs: Run[] = [];
  let backend = 'cpu-js';
  for (const kind of ['naive2', 'theta'] as ModelKind[]) {
    const r = await fitPredict(kind, {}, train, 0);
    runs.push({ model: kind, seed: 0, score: scoreM4(train, test, r.forecasts), seconds: r.seconds, forecasts: r.forecasts });
  }
  for (let seed = 0; seed < args.seeds; seed++) {
    const members: Float64Array[][] = [];
    for (const kind of args.models) {
      const r = await fitPredict(kind, args.params[kind] ?? {}, train, seed);
      backend = r.backend ?? backend;
      const run = { model: kind, seed, score: scoreM4(train, test, r.forecasts), ...r };
      runs.push(run);
      members.push(r.forecasts);
      console.error(`${kind} seed ${seed}: OWA ${fixed(run.score.owa)} in ${r.seconds.toFixed(1)} s`);
    }
    if (members.length > 1) {
      for (const how of ['mean', 'median'] as const) {
        const forecasts = combine(members, how);
        runs.push({ model: `${how} of ${args.models.length} neural`, seed, score: scoreM4(train, test, forecasts), seconds: 0, forecasts });
      }
    }
  }

  reportRuns(runs, {
    caption: `M4 Weekly holdout, ${train.length} series, h = ${M4_H}; backend ${backend}; seeds ${args.seeds}; ${machine()}`,
    header: ['model', 'sMAPE', 'MASE', 'OWA', 'OWA range', 'seconds', 'epochs', 'params'],
    row: (name, rs, mean) => {
      const owas = rs.map((r) => r.score.owa);
      return [
        name,
        fixed(mean((r) => r.score.smape)),
        fixed(mean((r) => r.score.mase)),
        fixed(mean((r) => r.score.owa)),
        rs.length > 1 ? `${fixed(Math.min(...owas))}–${fixed(Math.max(...owas))}` : '',
        rs[0].seconds ? fixed(mean((r) => r.seconds), 1) : '',
        rs[0].epochs ? fixed(mean((r) => r.epochs ?? 0), 0) : '',
        rs[0].parameters ?? '',
      ];
    },
    published: 'published: Theta OWA 0.971, Damped 0.917, M4 winner (ES-RNN) 0.851, best weekly entry 0.739',
    json: args.json,
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
