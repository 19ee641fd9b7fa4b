/**
 * Issue 13's protocol for choosing the deep models' defaults, by leave-one-dataset-out over the tuning datasets
 * (every dataset of bench/accuracy-data.ts but the held-out M4 Hourly and ETTh1). Reads the results that
 * bench/accuracy-table.ts cached for each candidate (run it first with --candidate NAME for every candidate):
 *
 *   for c in current in2h-std in8h-std in4h-diff in2h-diff in8h-diff; do
 *     nice -n 19 node -r @swc-node/register bench/accuracy-table.ts --candidate $c --models nlinear,dlinear --sample 50 \
 *       --datasets m3-yearly,m3-quarterly,m3-monthly,tourism-quarterly,aus-retail-monthly,ansett-weekly,exchange-daily,pedestrian-hourly,vic-elec-hourly
 *   done
 *   node -r @swc-node/register bench/defaults-protocol.ts [--models nlinear,dlinear] [--sample 50] [--seeds 1] [--results DIR]
 *       [--metric mase|owa]
 *
 * A candidate's score on a dataset is the geometric mean, over the deep models, of MASE (or with --metric owa, OWA)
 * relative to seasonal naive on that dataset's test part (so datasets of every scale weigh alike). For each tuning dataset d the candidate with
 * the best geometric mean over the other tuning datasets is chosen, and d's figure is that choice's score on d: an
 * estimate of how the chosen defaults do on data that played no part in choosing them. The final choice is the best
 * candidate over all tuning datasets; the held-out datasets are reported with it (when cached), never consulted.
 */
import type { ModelKind } from '@foretell/contracts';
import { DATASETS, loadDataset } from './accuracy-data';
import { owa } from '@foretell/forecasting';
import { CANDIDATES, readResult, resultPath, useResults, type Score } from './accuracy-table';
import { benchArgs, intArg, listArg } from './args';
import { geomean, leaveOneOut, type Scores } from './leave-one-out';
import { fixed, table } from './neural-common';

const USAGE = 'node -r @swc-node/register bench/defaults-protocol.ts [--models nlinear,dlinear] [--sample 50] [--seeds 1] [--results DIR] [--metric mase|owa] [--candidates a,b]';
/** The candidates compared (`--candidates`; all of CANDIDATES by default); `current` is always among them. */
let candidates = Object.keys(CANDIDATES);
/**
 * Candidate → dataset → geometric mean over models (each the mean over seeds) of the metric relative to seasonal
 * naive's: MASE, or OWA (which needs Naive2 cached too; it weighs sMAPE as much as MASE).
 */
function relativeScores(models: ModelKind[], sample: number, seeds: number, metric: 'mase' | 'owa'): Scores {
  const out: Scores = Object.fromEntries(candidates.map((c) => [c, {}]));
  for (const name of Object.keys(DATASETS)) {
    const data = loadDataset(name, sample);
    const naive = readResult(resultPath(data, sample, 'seasonal_naive', 'current', 0));
    const naive2 = readResult(resultPath(data, sample, 'naive2', 'current', 0));
    if (!naive || (metric === 'owa' && !naive2)) continue;
    const score = (r: Score) => (metric === 'owa' && naive2 ? owa(r, naive2) : r.mase);
    for (const c of candidates) {
      const ratios: number[] = [];
      for (const kind of models) {
        const runs = Array.from({ length: seeds }, (_, s) => readResult(resultPath(data, sample, kind, c, s + 1)));
        const known = runs.filter((r) => r !== undefined);
        if (known.length < seeds) break;
        ratios.push(known.reduce((a, r) => a + score(r), 0) / seeds / score(naive));
      }
      if (ratios.length === models.length) out[c][name] = geomean(ratios);
    }
  }
  return out;
}

function report(models: ModelKind[], sample: number, seeds: number, metric: 'mase' | 'owa'): void {
  const names = Object.keys(DATASETS);
  const tuning = names.filter((n) => !DATASETS[n].heldOut);
  const scores = relativeScores(models, sample, seeds, metric);
  const complete = tuning.filter((d) => candidates.every((c) => d in scores[c]));
  const missing = tuning.filter((d) => !complete.includes(d));
  console.log(`models ${models.join(', ')}, sample ${sample}, seeds ${seeds}; tuning datasets with every candidate cached: ${complete.join(', ')}`);
  if (missing.length) console.log(`left out (some candidate not cached): ${missing.join(', ')}`);
  if (complete.length < 2) throw new Error('leave-one-dataset-out needs at least two tuning datasets with every candidate');
  const { folds, final, finalScore, currentScore, over } = leaveOneOut(scores, complete, candidates);
  console.log(`\n${metric.toUpperCase()} relative to seasonal naive (geometric mean over the models), per candidate and tuning dataset:`);
  console.log(table(['candidate', ...complete, 'all'], candidates.map((c) => [c, ...complete.map((d) => fixed(scores[c][d])), fixed(over(c, complete))])));
  console.log("\nLeave one dataset out: the candidate chosen on the others, its score on the one left out, and today's:");
  const rel = `rel. ${metric.toUpperCase()}`;
  console.log(table(['left out', 'chosen on the others', `chosen: ${rel}`, `current: ${rel}`], folds.map((f) => [f.leftOut, f.chosen, fixed(f.score), fixed(f.current)])));
  console.log(`\nchosen on all tuning datasets: ${final} (${fixed(finalScore)} vs current ${fixed(currentScore)})`);
  for (const d of names.filter((n) => DATASETS[n].heldOut)) {
    const mine = scores[final][d];
    const now = scores.current[d];
    if (mine === undefined || now === undefined) continue;
    console.log(`held out ${d}: ${final === 'current' ? `current ${fixed(now)}` : `${final} ${fixed(mine)}, current ${fixed(now)}`}`);
  }
}

/** Synthetic scores where one candidate is best everywhere but on one dataset: every fold and the final must choose it. */
function smoke(): void {
  const datasets = ['a', 'b', 'c', 'd'];
  const winner = candidates[1];
  const scores: Scores = Object.fromEntries(
    candidates.map((c, i) => [c, Object.fromEntries(datasets.map((d, j) => [d, c === winner ? (j === 0 ? 1.2 : 0.8) : 1 + i / 100]))]),
  );
  const { folds, final } = leaveOneOut(scores, datasets, candidates);
  const wrong = folds.filter((f) => f.chosen !== winner);
  if (final !== winner || wrong.length) throw new Error(`leave-one-out chose ${final} / ${wrong.map((f) => f.chosen).join(', ')}, expected ${winner}`);
  console.log(`smoke: leave-one-out chose ${winner} in ${folds.length} folds and overall`);
}

const values = benchArgs(USAGE, {
  models: { type: 'string', default: 'nlinear,dlinear' },
  sample: { type: 'string', default: '50' },
  seeds: { type: 'string', default: '1' },
  results: { type: 'string' },
  metric: { type: 'string', default: 'mase' },
  candidates: { type: 'string' },
});
useResults(values.results);
if (values.candidates) candidates = ['current', ...listArg(values.candidates).filter((c) => c !== 'current')];
const metric = values.metric;
if (metric !== 'mase' && metric !== 'owa') {
  console.error(`--metric wants mase or owa, got ${metric}\n\n${USAGE}`);
  process.exit(2);
}
if (values.smoke) smoke();
else report(listArg(values.models) as ModelKind[], intArg(values.sample, 'sample', 1), intArg(values.seeds, 'seeds', 1), metric);
