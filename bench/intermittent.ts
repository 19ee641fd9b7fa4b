/**
 * Intermittent demand on Hyndman's carparts (monthly demand of 2,674 car parts, Jan 1998 – Mar 2002): the 1,046 series
 * of Hyndman et al. (2008, ch. 16) and Snyder, Ord & Beaumont (2012) — complete, at least ten months with demand,
 * some demand in the first 15 and in the last 15 months. The last 12 months are held out; models fit on the first 39.
 *
 *   bench/fetch-carparts.sh                                   # once: caches .foretell/datasets/carparts.csv
 *   node -r @swc-node/register bench/intermittent.ts [--set report|choice|all] [--sample N] [--seeds 3]
 *                                                    [--models a,b] [--params KIND=JSON] [--json out.json]
 *
 * The series alternate between two halves: `choice` (1st, 3rd, … series) is where auto_intermittent's default method
 * was chosen, `report` (2nd, 4th, …) is what docs/INTERMITTENT.md quotes. --sample N keeps every k-th series of the
 * set so about N remain. Neural models (global) run --seeds times with seeds 1…N; their scores are the mean.
 *
 * Scores, averaged over series, all scaled by the in-sample one-step changes (MASE with m = 1, as Hyndman & Koehler
 * 2006 recommend for intermittent data): MASE, RMSSE (the M5 measure) and scaled bias (mean error: positive = low).
 * Also MASE on the intermittent and lumpy series alone (Syntetos–Boylan classes of the training months), and, as a
 * reference line, the scores of forecasting zero everywhere.
 *
 * --smoke: synthetic series of the same length, a few models (a check that it runs; no R or download needed).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demandPattern, isSparseDemand, MODEL_CATALOGUE, type ModelKind } from '@foretell/contracts';
import { createModel, mase, rmsse, scaledBias } from '@foretell/forecasting';
import { intArg } from './args';
import { uniform } from './hourly-series';
import { fixed, machine, modelArgs, SMOKE_NEURAL_PARAMS, table } from './neural-common';

const CACHE = process.env.FORETELL_DATA_CACHE ?? join(__dirname, '../.foretell/datasets');
const H = 12;
const SEASON = 12;
const DEFAULT_MODELS = ['croston', 'sba', 'tsb', 'adida', 'imapa', 'auto_intermittent', 'seasonal_naive', 'naive', 'ses', 'nlinear', 'lstm'];
const USAGE = `node -r @swc-node/register bench/intermittent.ts [--set report|choice|all] [--sample N] [--seeds 3]
                                                 [--models a,b] [--params KIND=JSON] [--json out.json] [--smoke]`;

const args = modelArgs(USAGE, DEFAULT_MODELS, {
  set: { type: 'string', default: 'report' },
  sample: { type: 'string' },
});
if (args.smoke) {
  // Synthetic parts (no carparts file needed): the intermittent methods, a baseline and one short neural fit.
  args.models = ['croston', 'sba', 'tsb', 'auto_intermittent', 'naive', 'nlinear'];
  args.params.nlinear = SMOKE_NEURAL_PARAMS;
}
const models = args.models;

/** Smoke runs' stand-in for carparts: 40 seeded series of 51 months, demand in some months, sizes 1–6. */
function syntheticParts(): Map<string, Float64Array> {
  const u = uniform(11);
  return new Map(
    Array.from({ length: 40 }, (_, i) => {
      const p = 0.25 + 0.5 * u();
      return [`part${i}`, Float64Array.from({ length: 51 }, () => (u() < p ? 1 + Math.floor(6 * u()) : 0))];
    }),
  );
}

function readCarparts(): Map<string, Float64Array> {
  const file = join(CACHE, 'carparts.csv');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file} is missing: run bench/fetch-carparts.sh first (see docs/INTERMITTENT.md)`);
  }
  const byPart = new Map<string, number[]>();
  for (const line of text.split('\n').slice(1)) {
    if (!line) continue;
    const [part, , demand] = line.split(',');
    let values = byPart.get(part);
    if (!values) byPart.set(part, (values = []));
    values.push(demand === '' ? NaN : Number(demand));
  }
  return new Map([...byPart].map(([part, values]) => [part, Float64Array.from(values)]));
}

/** The literature's 1,046 series: complete, ≥ 10 months with demand, demand in the first and in the last 15 months. */
function literatureSubset(all: Map<string, Float64Array>): Float64Array[] {
  const positive = (v: Float64Array) => v.filter((x) => x > 0).length;
  return [...all.values()].filter(
    (v) => v.every((x) => !Number.isNaN(x)) && positive(v) >= 10 && positive(v.subarray(0, 15)) > 0 && positive(v.subarray(v.length - 15)) > 0,
  );
}

const set = String(args.values.set);
if (!['report', 'choice', 'all'].includes(set)) throw new Error(`--set must be report, choice or all, got ${set}`);
const subset = literatureSubset(args.smoke ? syntheticParts() : readCarparts());
let series = subset.filter((_, i) => set === 'all' || (set === 'choice') === (i % 2 === 0));
const sample = args.values.sample === undefined ? series.length : intArg(args.values.sample, 'sample', 1);
if (sample < series.length) {
  const every = Math.ceil(series.length / sample);
  series = series.filter((_, i) => i % every === 0);
}
const train = series.map((s) => s.subarray(0, s.length - H));
const test = series.map((s) => s.subarray(s.length - H));
const sparse = train.map((s) => isSparseDemand(demandPattern(s)?.class));

interface Score {
  mase: number;
  rmsse: number;
  bias: number;
  maseSparse: number;
  seconds: number;
}

function score(forecasts: readonly Float64Array[], seconds: number): Score {
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const m = forecasts.map((f, i) => mase(test[i], f, train[i], 1));
  return {
    mase: mean(m),
    rmsse: mean(forecasts.map((f, i) => rmsse(test[i], f, train[i]))),
    bias: mean(forecasts.map((f, i) => scaledBias(test[i], f, train[i]))),
    maseSparse: mean(m.filter((_, i) => sparse[i])),
    seconds,
  };
}

async function run(kind: ModelKind, seed: number): Promise<Score> {
  const model = createModel({ kind, params: args.params[kind] ?? {} });
  const started = performance.now();
  try {
    await model.fit({ series: train, season: SEASON, seed, horizon: H });
    return score(await model.predict(H), (performance.now() - started) / 1000);
  } finally {
    model.dispose();
  }
}

async function main(): Promise<void> {
  console.log(`carparts, ${set} set: ${series.length} series (${sparse.filter(Boolean).length} intermittent or lumpy), h = ${H}`);
  console.log(machine());
  const rows: (string | number)[][] = [];
  const results: Record<string, Score> = {};
  for (const kind of models) {
    const seeds = MODEL_CATALOGUE[kind].global ? args.seeds : 1;
    const scores: Score[] = [];
    for (let seed = 1; seed <= seeds; seed++) scores.push(await run(kind, seed));
    const mean = (key: keyof Score) => scores.reduce((a, s) => a + s[key], 0) / scores.length;
    results[kind] = { mase: mean('mase'), rmsse: mean('rmsse'), bias: mean('bias'), maseSparse: mean('maseSparse'), seconds: mean('seconds') };
    const r = results[kind];
    rows.push([kind, fixed(r.mase), fixed(r.rmsse), fixed(r.bias), fixed(r.maseSparse), seeds, fixed(r.seconds, 1)]);
    console.log(`${kind}: MASE ${fixed(r.mase)} (${fixed(r.seconds, 1)} s per fit)`);
  }
  // Not a model: all zeros, to show what MAE-based scores reward on data that are mostly zeros.
  const zero = score(test.map(() => new Float64Array(H)), 0);
  rows.push(['(all zeros)', fixed(zero.mase), fixed(zero.rmsse), fixed(zero.bias), fixed(zero.maseSparse), '', '']);
  console.log(`\n${table(['model', 'MASE', 'RMSSE', 'bias', 'MASE int./lumpy', 'seeds', 's/fit'], rows)}`);
  if (args.json) writeFileSync(args.json, JSON.stringify({ set, series: series.length, results }, null, 2));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
