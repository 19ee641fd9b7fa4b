/**
 * The default comparison on M4 Weekly, as an analyst would run it: every registered model with default settings is
 * evaluated by the engine on the training weeks (one backtest window of 13 weeks, then a final fit on all training
 * weeks and a 13-week forecast), ensembles are picked by that backtest, and the final forecasts are scored on the
 * M4 test weeks, which nothing saw. Prints OWA per model and ensemble, and the wall time of the whole comparison
 * (goal: within 10 minutes on a 2-core machine on the WASM backend).
 *
 *   node -r @swc-node/register bench/neural-comparison.ts [--models all|a,b,…] [--seed 0] [--json out.json]
 *
 * Times are wall seconds on a shared machine: noisy. FORETELL_TF_BACKEND picks the TensorFlow.js backend.
 * --smoke: naive, seasonal naive, Theta and NLinear (one short epoch) on 12 series (a check that it runs).
 */
import { evaluateEnsemble, evaluateModel, type ModelEvaluation } from '@foretell/forecasting';
import { MODEL_KINDS, type ModelKind } from '@foretell/contracts';
import { writeFileSync } from 'node:fs';
import { benchArgs, intArg, listArg } from './args';
import { fixed, machine, M4_H, readM4Weekly, scoreM4, SMOKE_NEURAL_PARAMS, SMOKE_SERIES, table, type M4Score } from './neural-common';

const USAGE = 'node -r @swc-node/register bench/neural-comparison.ts [--models all|a,b,…] [--seed 0] [--json out.json] [--smoke]';
const values = benchArgs(USAGE, {
  models: { type: 'string', default: 'all' },
  seed: { type: 'string', default: '0' },
  json: { type: 'string' },
});
/** Smoke: four fast models (so an ensemble of three is picked), one short epoch for the neural one, a few series. */
const SMOKE_MODELS: ModelKind[] = ['naive', 'seasonal_naive', 'theta', 'nlinear'];
const LEVELS = [80, 95];
const ENSEMBLE_SIZES = [3, 5];

interface Row {
  name: string;
  backtestMase: number | null;
  test: M4Score;
  seconds: number;
  backend: string;
}

async function main(): Promise<void> {
  const kinds: ModelKind[] = values.smoke ? SMOKE_MODELS : values.models === 'all' ? [...MODEL_KINDS] : (listArg(values.models) as ModelKind[]);
  const seed = intArg(values.seed, 'seed');
  const { train, test } = readM4Weekly(values.smoke ? SMOKE_SERIES : Infinity);
  const started = performance.now();
  const evaluations: { name: string; evaluation: ModelEvaluation }[] = [];
  const rows: Row[] = [];
  for (const kind of kinds) {
    const t0 = performance.now();
    const evaluation = await evaluateModel({
      series: train,
      horizon: M4_H,
      season: 1,
      backtest: { windows: 1, step: M4_H },
      model: { kind, params: values.smoke && kind === 'nlinear' ? SMOKE_NEURAL_PARAMS : {} },
      seed,
      levels: LEVELS,
    });
    const seconds = (performance.now() - t0) / 1000;
    evaluations.push({ name: kind, evaluation });
    const forecasts = evaluation.perSeries.map((s) => s.forecast);
    const row = { name: kind, backtestMase: evaluation.metrics.mase, test: scoreM4(train, test, forecasts), seconds, backend: evaluation.backend };
    rows.push(row);
    console.error(`${kind}: test OWA ${fixed(row.test.owa)}, backtest MASE ${fixed(row.backtestMase ?? NaN)} (${seconds.toFixed(1)} s)`);
  }
  for (const k of ENSEMBLE_SIZES.filter((k) => k < evaluations.length)) {
    for (const combine of ['mean', 'median'] as const) {
      const t0 = performance.now();
      const ensemble = evaluateEnsemble({ series: train, horizon: M4_H, season: 1, members: evaluations, combine, topK: k, levels: LEVELS });
      const forecasts = ensemble.perSeries.map((s) => s.forecast);
      rows.push({
        name: `${combine} of best ${k} by backtest (${ensemble.members.join(', ')})`,
        backtestMase: ensemble.metrics.mase,
        test: scoreM4(train, test, forecasts),
        seconds: (performance.now() - t0) / 1000,
        backend: '',
      });
    }
  }
  const total = (performance.now() - started) / 1000;

  console.log(`M4 Weekly default comparison: ${train.length} series, h = ${M4_H}, seed ${seed}; ${machine()}`);
  console.log(
    table(
      ['model', 'backtest MASE', 'test sMAPE', 'test MASE', 'test OWA', 'seconds', 'backend'],
      rows.map((r) => [r.name, fixed(r.backtestMase ?? NaN), fixed(r.test.smape), fixed(r.test.mase), fixed(r.test.owa), fixed(r.seconds, 1), r.backend]),
    ),
  );
  const best = rows.reduce((a, b) => (b.test.owa < a.test.owa ? b : a));
  const picked = rows.reduce((a, b) => ((b.backtestMase ?? Infinity) < (a.backtestMase ?? Infinity) ? b : a));
  console.log(`best on the test weeks: ${best.name} (OWA ${fixed(best.test.owa)})`);
  console.log(`picked by the backtest alone: ${picked.name} (test OWA ${fixed(picked.test.owa)})`);
  console.log(`whole comparison: ${total.toFixed(0)} s (goal ≤ 600 s)`);
  if (values.json) writeFileSync(values.json, JSON.stringify({ seconds: total, rows }, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
