/**
 * Issue 13's protocol for choosing the deep models' defaults, by leave-one-dataset-out over the tuning datasets
 * (every dataset of bench/accuracy-data.ts but the held-out M4 Hourly and ETTh1). Reads the results that
 * bench/accuracy-table.ts cached for each candidate (run it first with --candidate NAME for every candidate):
 *
 *   for c in current in2h-std in8h-std in4h-diff in2h-diff in8h-diff; do
 *     nice -n 19 node -r @swc-node/register bench/accuracy-table.ts --candidate $c --models nlinear,dlinear --sample 50 \
 *       --datasets m3-yearly,m3-quarterly,m3-monthly,tourism-quarterly,aus-retail-monthly,ansett-weekly,exchange-daily,pedestrian-hourly,vic-elec-hourly
 *   done
 *   node -r @swc-node/register bench/defaults-protocol.ts [--models nlinear,dlinear] [--sample 50] [--seeds 1]
 *
 * A candidate's score on a dataset is the geometric mean, over the deep models, of MASE relative to seasonal naive on
 * that dataset's test part (so datasets of every scale weigh alike). For each tuning dataset d the candidate with
 * the best geometric mean over the other tuning datasets is chosen, and d's figure is that choice's score on d: an
 * estimate of how the chosen defaults do on data that played no part in choosing them. The final choice is the best
 * candidate over all tuning datasets; the held-out datasets are reported with it (when cached), never consulted.
 */
import { parseArgs } from 'node:util';
import type { ModelKind } from '@foretell/contracts';
import { DATASETS, loadDataset } from './accuracy-data';
import { CANDIDATES, readResult, resultPath } from './accuracy-table';
import { fixed, table } from './neural-common';

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: 'nlinear,dlinear' },
    sample: { type: 'string', default: '50' },
    seeds: { type: 'string', default: '1' },
  },
});
const models = String(values.models).split(',') as ModelKind[];
const sample = Number(values.sample);
const seeds = Math.max(1, Number(values.seeds));
const candidates = Object.keys(CANDIDATES);
const names = Object.keys(DATASETS);
const tuning = names.filter((n) => !DATASETS[n].heldOut);

const geomean = (v: number[]) => Math.exp(v.reduce((a, x) => a + Math.log(x), 0) / v.length);

/** Candidate → dataset → geometric mean over models (each the mean over seeds) of MASE / seasonal naive's MASE. */
function relativeScores(): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = Object.fromEntries(candidates.map((c) => [c, {}]));
  for (const name of names) {
    const data = loadDataset(name, sample);
    const naive = readResult(resultPath(data, sample, 'seasonal_naive', 'current', 0));
    if (!naive) continue;
    for (const c of candidates) {
      const ratios: number[] = [];
      for (const kind of models) {
        const runs = Array.from({ length: seeds }, (_, s) => readResult(resultPath(data, sample, kind, c, s + 1)));
        const known = runs.filter((r) => r !== undefined);
        if (known.length < seeds) break;
        ratios.push(known.reduce((a, r) => a + r.mase, 0) / seeds / naive.mase);
      }
      if (ratios.length === models.length) out[c][name] = geomean(ratios);
    }
  }
  return out;
}

const scores = relativeScores();
const complete = tuning.filter((d) => candidates.every((c) => d in scores[c]));
const missing = tuning.filter((d) => !complete.includes(d));
console.log(`models ${models.join(', ')}, sample ${sample}, seeds ${seeds}; tuning datasets with every candidate cached: ${complete.join(', ')}`);
if (missing.length) console.log(`left out (some candidate not cached): ${missing.join(', ')}`);
if (complete.length < 2) throw new Error('leave-one-dataset-out needs at least two tuning datasets with every candidate');

const over = (c: string, ds: string[]) => geomean(ds.map((d) => scores[c][d]));
const best = (ds: string[]) => candidates.reduce((a, c) => (over(c, ds) < over(a, ds) ? c : a));

console.log('\nMASE relative to seasonal naive (geometric mean over the models), per candidate and tuning dataset:');
console.log(table(['candidate', ...complete, 'all'], candidates.map((c) => [c, ...complete.map((d) => fixed(scores[c][d])), fixed(over(c, complete))])));

const rows = complete.map((d) => {
  const chosen = best(complete.filter((x) => x !== d));
  return [d, chosen, fixed(scores[chosen][d]), fixed(scores.current[d])];
});
console.log('\nLeave one dataset out: the candidate chosen on the others, its score on the one left out, and today\'s:');
console.log(table(['left out', 'chosen on the others', 'chosen: rel. MASE', 'current: rel. MASE'], rows));
const final = best(complete);
console.log(`\nchosen on all tuning datasets: ${final} (${fixed(over(final, complete))} vs current ${fixed(over('current', complete))})`);
for (const d of names.filter((n) => DATASETS[n].heldOut)) {
  const mine = scores[final][d];
  const now = scores.current[d];
  if (mine === undefined || now === undefined) continue;
  console.log(`held out ${d}: ${final === 'current' ? `current ${fixed(now)}` : `${final} ${fixed(mine)}, current ${fixed(now)}`}`);
}
