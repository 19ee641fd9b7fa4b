/**
 * Averaging two networks instead of choosing one (docs/ACCURACY.md, "The Transformer's input window on hourly data"):
 * from the cached results of bench/accuracy-table.ts (`--seeds 2`, candidates `current` and `two-cycles`), MASE relative
 * to seasonal naive of today's model (the mean of its seeds' scores), of two seeds averaged (the forecasts of seeds 1
 * and 2: what `ensemble: 2` does) and of two input lengths averaged (today's and `two-cycles`' forecasts of the same
 * seed, then the mean over seeds), with the geometric mean over the tuning datasets (* held out: never in it).
 *
 *   node -r @swc-node/register bench/network-averages.ts [--model transformer] [--sample 50] [--results DIR]
 */
import { DATASETS, loadDataset, type Dataset } from './accuracy-data';
import { readResult, resultPath, scoreForecasts, useResults, type CachedResult, type Score } from './accuracy-table';
import { benchArgs, intArg } from './args';
import { fixed, table } from './neural-common';

const USAGE = 'node -r @swc-node/register bench/network-averages.ts [--model transformer] [--sample 50] [--results DIR]';
const HELD_OUT = ['m4-hourly', 'etth1'];

/** MASE of the mean of two members' forecasts, relative to seasonal naive's (NaN until all three are cached). */
function averaged(data: Dataset, naive?: Score, a?: CachedResult, b?: CachedResult): number {
  if (!a || !b || !naive) return NaN;
  return scoreForecasts(data, a.perSeries.map((s, i) => Array.from(s.forecast, (v, k) => (v + b.perSeries[i].forecast[k]) / 2))).mase / naive.mase;
}

function report(model: string, sample: number): void {
  const rows: string[][] = [];
  const logs = [0, 0, 0];
  let tuning = 0;
  for (const name of Object.keys(DATASETS)) {
    const data = loadDataset(name, sample);
    const naive = readResult(resultPath(data, sample, 'seasonal_naive', 'current', 0));
    const run = (candidate: string, seed: number) => readResult(resultPath(data, sample, model, candidate, seed));
    const [today1, today2, long1, long2] = [run('current', 1), run('current', 2), run('two-cycles', 1), run('two-cycles', 2)];
    const today = today1 && today2 && naive ? (today1.mase + today2.mase) / 2 / naive.mase : NaN;
    const scores = [today, averaged(data, naive, today1, today2), (averaged(data, naive, today1, long1) + averaged(data, naive, today2, long2)) / 2];
    rows.push([`${name}${HELD_OUT.includes(name) ? ' *' : ''}`, ...scores.map((v) => fixed(v, 3))]);
    if (!HELD_OUT.includes(name) && scores.every(Number.isFinite)) {
      scores.forEach((v, i) => (logs[i] += Math.log(v)));
      tuning++;
    }
  }
  rows.push([`tuning sets (${tuning}), geometric mean`, ...logs.map((l) => fixed(Math.exp(l / tuning), 3))]);
  console.log(`${model}, sample ${sample}: MASE relative to seasonal naive`);
  console.log(table(['dataset (* held out)', 'today', 'two seeds', 'two lengths'], rows));
}

/** No public data in a smoke run: two members that miss by +1 and -1 average to the actuals. */
function smoke(): void {
  const test = [Float64Array.from([0, 1, 2, 3])];
  const data = { train: [Float64Array.from({ length: 20 }, (_, i) => i + (i % 4))], test, season: 4 } as unknown as Dataset;
  const member = (miss: number) => ({ perSeries: [{ forecast: Array.from(test[0], (v) => v + miss) }] }) as unknown as CachedResult;
  const score = averaged(data, { mase: 1, smape: 0 }, member(1), member(-1));
  if (score !== 0) throw new Error(`smoke: the average of +1 and -1 misses should score 0, got ${score}`);
  console.log('smoke: two members missing by +1 and -1 average to the actuals (relative MASE 0)');
}

const values = benchArgs(USAGE, { model: { type: 'string', default: 'transformer' }, sample: { type: 'string', default: '50' }, results: { type: 'string' } });
useResults(values.results);
if (values.smoke) smoke();
else report(values.model, intArg(values.sample, 'sample', 1));
