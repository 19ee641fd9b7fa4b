/**
 * Averaging two networks instead of choosing one (docs/ACCURACY.md, "The Transformer's input window on hourly data" and
 * "Fresh hourly data"): from the cached results of bench/accuracy-table.ts (candidates `one-input` or `current`, and
 * `two-cycles`), MASE relative to seasonal naive, each the mean over seeds 1…N (`--seeds`, default 2) of:
 * - one input: the Transformer's defaults before its second input (`one-input`; `current` where that input does not
 *   apply, the two being the same there);
 * - two seeds: the forecasts of the seeds averaged (what `ensemble: N` does);
 * - two lengths: one input's and `two-cycles`' forecasts of the same seed averaged (every dataset two-cycles changes,
 *   daily data's 512-day input included);
 * - cycle input: two lengths where the engine's rule gives the second input (two of the longest periods, under 512 and
 *   within a typical series: hourly data), one input elsewhere — what the default `cycleInput` computes;
 * with the geometric mean over the tuning datasets (* held out: never in it) and leave-one-dataset-out of cycle input
 * against one input.
 *
 *   node -r @swc-node/register bench/network-averages.ts [--model transformer] [--sample 50] [--seeds 2] [--results DIR]
 */
import { DATASETS, loadDataset, type Dataset } from './accuracy-data';
import { cycleInputApplies, readResult, resultPath, scoreForecasts, useResults, type CachedResult, type Score } from './accuracy-table';
import { benchArgs, intArg } from './args';
import { fixed, table } from './neural-common';

const USAGE = 'node -r @swc-node/register bench/network-averages.ts [--model transformer] [--sample 50] [--seeds 2] [--results DIR]';
const COLUMNS = ['one input', 'two seeds', 'two lengths', 'cycle input'];
const HELD_OUT = ['m4-hourly', 'etth1'];

/** MASE of the mean of two members' forecasts, relative to seasonal naive's (NaN until all three are cached). */
function averaged(data: Dataset, naive?: Score, a?: CachedResult, b?: CachedResult): number {
  if (!a || !b || !naive) return NaN;
  return scoreForecasts(data, a.perSeries.map((s, i) => Array.from(s.forecast, (v, k) => (v + b.perSeries[i].forecast[k]) / 2))).mase / naive.mase;
}

/** MASE of the mean of members' forecasts, relative to seasonal naive's (NaN until all of them are cached). */
function averagedAll(data: Dataset, naive: Score | undefined, members: (CachedResult | undefined)[]): number {
  if (!naive || members.some((m) => !m)) return NaN;
  const runs = members as CachedResult[];
  const forecasts = runs[0].perSeries.map((_, i) => Array.from(runs[0].perSeries[i].forecast, (_v, k) => runs.reduce((sum, r) => sum + r.perSeries[i].forecast[k], 0) / runs.length));
  return scoreForecasts(data, forecasts).mase / naive.mase;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Per dataset, the four columns (NaN where a run is missing). */
function scoresOf(data: Dataset, model: string, sample: number, seeds: number[]): number[] {
  const naive = readResult(resultPath(data, sample, 'seasonal_naive', 'current', 0));
  const run = (candidate: string, seed: number) => readResult(resultPath(data, sample, model, candidate, seed));
  const applies = cycleInputApplies(data);
  const one = seeds.map((seed) => run('one-input', seed) ?? (applies ? undefined : run('current', seed)));
  const long = seeds.map((seed) => run('two-cycles', seed));
  const oneInput = naive && one.every(Boolean) ? mean(one.map((r) => (r as CachedResult).mase)) / naive.mase : NaN;
  const twoLengths = mean(seeds.map((_, i) => averaged(data, naive, one[i], long[i])));
  return [oneInput, averagedAll(data, naive, one), twoLengths, applies ? twoLengths : oneInput];
}

function report(model: string, sample: number, seeds: number[]): void {
  const rows: string[][] = [];
  const tuning = new Map<string, number[]>();
  for (const name of Object.keys(DATASETS)) {
    const scores = scoresOf(loadDataset(name, sample), model, sample, seeds);
    rows.push([`${name}${HELD_OUT.includes(name) ? ' *' : ''}`, ...scores.map((v) => fixed(v, 3))]);
    if (!HELD_OUT.includes(name) && scores.every(Number.isFinite)) tuning.set(name, scores);
  }
  const geoMean = (names: string[], column: number) => Math.exp(mean(names.map((n) => Math.log(tuning.get(n)?.[column] ?? NaN))));
  const names = [...tuning.keys()];
  rows.push([`tuning sets (${names.length}), geometric mean`, ...COLUMNS.map((_, c) => fixed(geoMean(names, c), 3))]);
  console.log(`${model}, sample ${sample}, seeds ${seeds.join(', ')}: MASE relative to seasonal naive`);
  console.log(table(['dataset (* held out)', ...COLUMNS], rows));
  // Leave one dataset out: cycle input (column 3) against one input (column 0), chosen on the others.
  const folds = names.map((left) => {
    const others = names.filter((n) => n !== left);
    const chosen = geoMean(others, 3) < geoMean(others, 0) ? 'cycle input' : 'one input';
    const [one, , , cycle] = tuning.get(left) ?? [];
    return [left, chosen, fixed(chosen === 'cycle input' ? cycle : one, 3), fixed(one, 3)];
  });
  console.log('\nLeave one dataset out, cycle input against one input:');
  console.log(table(['left out', 'chosen on the others', 'chosen: rel. MASE', 'one input: rel. MASE'], folds));
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

const values = benchArgs(USAGE, {
  model: { type: 'string', default: 'transformer' },
  sample: { type: 'string', default: '50' },
  seeds: { type: 'string', default: '2' },
  results: { type: 'string' },
});
useResults(values.results);
if (values.smoke) smoke();
else report(values.model, intArg(values.sample, 'sample', 1), Array.from({ length: intArg(values.seeds, 'seeds', 1) }, (_, i) => i + 1));
