/**
 * Averaging two networks instead of choosing one (docs/ACCURACY.md, "The Transformer's input window on hourly data"):
 * from the cached results of bench/accuracy-table.ts (`--seeds 2`, candidates `current` and `two-cycles`), MASE relative
 * to seasonal naive of today's model (the mean of its seeds' scores), of two seeds averaged (the forecasts of seeds 1
 * and 2: what `ensemble: 2` does) and of two input lengths averaged (today's and `two-cycles`' forecasts of the same
 * seed, then the mean over seeds), with the geometric mean over the tuning datasets (* held out: never in it).
 *
 *   node -r @swc-node/register bench/network-averages.ts [--model transformer] [--sample 50] [--results DIR]
 */
import { DATASETS, loadDataset } from './accuracy-data';
import { readResult, resultPath, scoreForecasts, useResults, type CachedResult } from './accuracy-table';
import { benchArgs, intArg } from './args';
import { fixed, table } from './neural-common';

const USAGE = 'node -r @swc-node/register bench/network-averages.ts [--model transformer] [--sample 50] [--results DIR]';
const HELD_OUT = ['m4-hourly', 'etth1'];

const values = benchArgs(USAGE, { model: { type: 'string', default: 'transformer' }, sample: { type: 'string', default: '50' }, results: { type: 'string' } });
useResults(values.results);
const sample = intArg(values.sample, 'sample');

const rows: string[][] = [];
const logs = [0, 0, 0];
let tuning = 0;
for (const name of Object.keys(DATASETS)) {
  const data = loadDataset(name, sample);
  const naive = readResult(resultPath(data, sample, 'seasonal_naive', 'current', 0));
  const run = (candidate: string, seed: number) => readResult(resultPath(data, sample, values.model, candidate, seed));
  /** The mean of two members' forecasts, relative to seasonal naive (NaN until both are cached). */
  const averaged = (a?: CachedResult, b?: CachedResult) =>
    a && b && naive ? scoreForecasts(data, a.perSeries.map((s, i) => Array.from(s.forecast, (v, k) => (v + b.perSeries[i].forecast[k]) / 2))).mase / naive.mase : NaN;
  const [today1, today2, long1, long2] = [run('current', 1), run('current', 2), run('two-cycles', 1), run('two-cycles', 2)];
  const scores = [today1 && today2 && naive ? (today1.mase + today2.mase) / 2 / naive.mase : NaN, averaged(today1, today2), (averaged(today1, long1) + averaged(today2, long2)) / 2];
  rows.push([`${name}${HELD_OUT.includes(name) ? ' *' : ''}`, ...scores.map((v) => fixed(v, 3))]);
  if (!HELD_OUT.includes(name) && scores.every(Number.isFinite)) {
    scores.forEach((v, i) => (logs[i] += Math.log(v)));
    tuning++;
  }
}
rows.push([`tuning sets (${tuning}), geometric mean`, ...logs.map((l) => fixed(Math.exp(l / tuning), 3))]);
console.log(`${values.model}, sample ${sample}: MASE relative to seasonal naive`);
console.log(table(['dataset (* held out)', 'today', 'two seeds', 'two lengths'], rows));
