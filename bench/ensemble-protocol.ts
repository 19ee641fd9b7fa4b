/**
 * Issue 13's protocol for the `recommended` preset's ensemble rule, as bench/defaults-protocol.ts is for the deep
 * models' defaults: leave one dataset out over the tuning datasets, the held-out M4 Hourly and ETTh1 reported, never
 * consulted. Every candidate combines the same cached members (the models `presetRun('recommended')` runs on each
 * dataset; run bench/accuracy-table.ts first), chosen by their backtest window as a run does:
 *
 *   node -r @swc-node/register bench/ensemble-protocol.ts [--sample 50] [--seeds 1] [--results DIR] [--metric mase|owa]
 *
 * A candidate's score on a dataset is its MASE (or OWA) relative to seasonal naive's, averaged over the deep models'
 * seeds (one ensemble per seed). Also printed: how often each candidate beats the best single member on the test part
 * (an oracle pick: the bar issue 13 sets) and the single member a run would pick by the same backtest.
 */
import type { EnsembleSpec } from '@foretell/contracts';
import { owa } from '@foretell/forecasting';
import { DATASETS, loadDataset } from './accuracy-data';
import { recommendedEnsemble, recommendedMembers, readResult, resultPath, useResults, type CachedResult, type Score } from './accuracy-table';
import { benchArgs, intArg } from './args';
import { leaveOneOut, type Scores } from './leave-one-out';
import { fixed, table } from './neural-common';

const USAGE = 'node -r @swc-node/register bench/ensemble-protocol.ts [--sample 50] [--seeds 1] [--results DIR] [--metric mase|owa]';

/** The rules compared; the first is today's (PRESET_ENSEMBLES.recommended). `top: 20` is every member. */
const RULES: Record<string, EnsembleSpec> = {
  'median-3': { method: 'median', top: 3 },
  'mean-3': { method: 'mean', top: 3 },
  'median-5': { method: 'median', top: 5 },
  'mean-5': { method: 'mean', top: 5 },
  'mean-2': { method: 'mean', top: 2 },
  'median-all': { method: 'median', top: 20 },
};
const NAMES = Object.keys(RULES);

interface Row {
  scores: Record<string, number>;
  /** The best single member's relative score on the test part (an oracle). */
  bestSingle: number;
  bestName: string;
  /** The single member a run would pick by the same backtest (its recommended row without ensembles). */
  picked: number;
}

function datasetRow(name: string, sample: number, seeds: number, metric: 'mase' | 'owa'): Row | undefined {
  const data = loadDataset(name, sample);
  const cached = (kind: string, seed: number) => readResult(resultPath(data, sample, kind, 'current', seed));
  const [naive, naive2] = [cached('seasonal_naive', 0), cached('naive2', 0)];
  if (!naive || !naive2) return undefined;
  const rel = (s: Score) => (metric === 'owa' ? owa(s, naive2) / owa(naive, naive2) : s.mase / naive.mase);
  const kinds = recommendedMembers(data);
  const bySeed: Map<string, CachedResult>[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const members = new Map<string, CachedResult>();
    for (const kind of kinds) {
      const result = cached(kind, seed);
      if (!result) return undefined;
      members.set(kind, result);
    }
    bySeed.push(members);
  }
  const scores: Record<string, number> = {};
  for (const rule of NAMES) {
    const runs = bySeed.map((m) => recommendedEnsemble(data, m, RULES[rule]));
    scores[rule] = runs.reduce((a, r) => a + rel(r as Score), 0) / runs.length;
  }
  const single = kinds.map((k) => ({ k, v: bySeed.reduce((a, m) => a + rel(m.get(k) as Score), 0) / seeds }));
  const best = single.reduce((a, b) => (b.v < a.v ? b : a));
  const picks = bySeed.map((m) => recommendedEnsemble(data, m, { method: 'mean', top: 1 }) as Score);
  return { scores, bestSingle: best.v, bestName: best.k, picked: picks.reduce((a, p) => a + rel(p), 0) / picks.length };
}

function report(sample: number, seeds: number, metric: 'mase' | 'owa'): void {
  const rows: Record<string, Row> = {};
  for (const name of Object.keys(DATASETS)) {
    const row = datasetRow(name, sample, seeds, metric);
    if (row) rows[name] = row;
  }
  const tuning = Object.keys(rows).filter((n) => !DATASETS[n].heldOut);
  if (tuning.length < 2) throw new Error('leave-one-dataset-out needs at least two tuning datasets with every member cached');
  const scores: Scores = Object.fromEntries(NAMES.map((r) => [r, Object.fromEntries(Object.entries(rows).map(([d, row]) => [d, row.scores[r]]))]));
  const { folds, final, finalScore, currentScore, over } = leaveOneOut(scores, tuning, NAMES);
  const M = metric.toUpperCase();
  console.log(`sample ${sample}, seeds ${seeds}; ${M} relative to seasonal naive; members: the recommended preset's on each dataset (* held out)`);
  const datasets = Object.keys(rows);
  const label = (d: string) => `${d}${DATASETS[d].heldOut ? ' *' : ''}`;
  const beats = (r: string, bar: (row: Row) => number) => `${datasets.filter((d) => rows[d].scores[r] < bar(rows[d])).length}/${datasets.length}`;
  console.log(
    table(
      ['rule', ...datasets.map(label), 'tuning', 'beats best single', 'beats pick'],
      [
        ...NAMES.map((r) => [r, ...datasets.map((d) => fixed(rows[d].scores[r])), fixed(over(r, tuning)), beats(r, (row) => row.bestSingle), beats(r, (row) => row.picked)]),
        ['best single (test)', ...datasets.map((d) => `${rows[d].bestName} ${fixed(rows[d].bestSingle)}`), '', '', ''],
        ['pick by backtest', ...datasets.map((d) => fixed(rows[d].picked)), '', '', ''],
      ],
    ),
  );
  console.log('\nLeave one dataset out: the rule chosen on the others, its score on the one left out, and today\'s (median-3):');
  console.log(table(['left out', 'chosen on the others', `chosen: rel. ${M}`, `median-3: rel. ${M}`], folds.map((f) => [f.leftOut, f.chosen, fixed(f.score), fixed(f.current)])));
  console.log(`\nchosen on all tuning datasets: ${final} (${fixed(finalScore)} vs median-3 ${fixed(currentScore)})`);
  for (const d of datasets.filter((n) => DATASETS[n].heldOut)) {
    console.log(`held out ${d}: ${final} ${fixed(rows[d].scores[final])}, median-3 ${fixed(rows[d].scores['median-3'])}, best single ${rows[d].bestName} ${fixed(rows[d].bestSingle)}`);
  }
}

/** Synthetic scores: a rule best everywhere but one dataset must be chosen in every fold and overall. */
function smoke(): void {
  const datasets = ['a', 'b', 'c'];
  const scores: Scores = Object.fromEntries(NAMES.map((r, i) => [r, Object.fromEntries(datasets.map((d, j) => [d, r === 'mean-5' ? (j === 0 ? 1.3 : 0.7) : 1 + i / 100]))]));
  const { folds, final } = leaveOneOut(scores, datasets, NAMES);
  if (final !== 'mean-5' || folds.some((f) => f.chosen !== 'mean-5')) throw new Error(`leave-one-out chose ${final}, expected mean-5`);
  console.log(`smoke: leave-one-out chose mean-5 in ${folds.length} folds and overall`);
}

const values = benchArgs(USAGE, {
  sample: { type: 'string', default: '50' },
  seeds: { type: 'string', default: '1' },
  results: { type: 'string' },
  metric: { type: 'string', default: 'mase' },
});
useResults(values.results);
const metric = values.metric;
if (metric !== 'mase' && metric !== 'owa') {
  console.error(`--metric wants mase or owa, got ${metric}\n\n${USAGE}`);
  process.exit(2);
}
if (values.smoke) smoke();
else report(intArg(values.sample, 'sample', 1), intArg(values.seeds, 'seeds', 1), metric);
