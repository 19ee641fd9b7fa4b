/**
 * Issue 13's range rules, measured on the cached forecasts of bench/accuracy-table.ts (no model is run): for each
 * dataset and model, MASE, sMAPE and OWA of the forecasts as cached (the engine's rule: floored at 0 where the history
 * is non-negative) and of the same forecasts floored at the series' lowest training value instead, a stricter rule
 * that was measured and not adopted (docs/ACCURACY.md).
 *
 *   nice -n 19 node -r @swc-node/register bench/range-floor.ts [--datasets a,b] [--sample 50] [--results DIR]
 */
import type { ModelKind } from '@foretell/contracts';
import { NEURAL_MODEL_KINDS } from '@foretell/contracts';
import { owa } from '@foretell/forecasting';
import { DATASETS, loadDataset } from './accuracy-data';
import { readResult, resultPath, scoreForecasts, useResults } from './accuracy-table';
import { benchArgs, intArg, listArg } from './args';
import { fixed, table } from './neural-common';

const USAGE = 'nice -n 19 node -r @swc-node/register bench/range-floor.ts [--datasets a,b] [--sample 50] [--results DIR]';
const MODELS: ModelKind[] = ['nlinear', 'dlinear', 'theta', 'damped', 'auto_ets', 'mstl'];

/** `forecast` raised to the lowest known value of a non-negative `train` (as it is where `train` has a negative value). */
export function floorAtTrainingMinimum(train: ArrayLike<number>, forecast: ArrayLike<number>): Float64Array {
  let lowest = Infinity;
  for (let i = 0; i < train.length; i++) if (!Number.isNaN(train[i])) lowest = Math.min(lowest, train[i]);
  return Float64Array.from(forecast, (v) => (lowest >= 0 && v < lowest ? lowest : v));
}

function report(names: string[], sample: number): void {
  const rows: string[][] = [];
  for (const name of names) {
    const data = loadDataset(name, sample);
    const naive2 = readResult(resultPath(data, sample, 'naive2', 'current', 0));
    if (!naive2) continue;
    for (const kind of MODELS) {
      const seed = (NEURAL_MODEL_KINDS as readonly string[]).includes(kind) ? 1 : 0;
      const result = readResult(resultPath(data, sample, kind, 'current', seed));
      if (!result) continue;
      const cached = result.perSeries.map((p) => Float64Array.from(p.forecast as ArrayLike<number>));
      const floored = cached.map((f, i) => floorAtTrainingMinimum(data.train[i], f));
      const changed = floored.filter((f, i) => f.some((v, t) => v !== cached[i][t])).length;
      const [a, b] = [scoreForecasts(data, cached), scoreForecasts(data, floored)];
      rows.push([name, kind, `${fixed(a.mase)} → ${fixed(b.mase)}`, `${fixed(a.smape, 2)} → ${fixed(b.smape, 2)}`, `${fixed(owa(a, naive2))} → ${fixed(owa(b, naive2))}`, `${changed}/${cached.length}`]);
    }
  }
  console.log(table(['dataset', 'model', 'MASE', 'sMAPE', 'OWA', 'series changed'], rows));
}

function smoke(): void {
  const out = Array.from(floorAtTrainingMinimum([NaN, 12, 30], [5, 40, NaN]));
  const kept = Array.from(floorAtTrainingMinimum([-1, 12], [5]));
  if (JSON.stringify(out) !== JSON.stringify([12, 40, NaN]) || kept[0] !== 5) throw new Error(`floor gave ${out} and ${kept}`);
  console.log('smoke: floored at the training minimum, negative histories left alone');
}

const values = benchArgs(USAGE, {
  datasets: { type: 'string', default: Object.keys(DATASETS).filter((n) => !DATASETS[n].heldOut).join(',') },
  sample: { type: 'string', default: '50' },
  results: { type: 'string' },
});
useResults(values.results);
if (values.smoke) smoke();
else report(listArg(values.datasets), intArg(values.sample, 'sample', 1));
