/**
 * Issue 13's accuracy table: per public dataset (bench/accuracy-data.ts), MASE and OWA on the dataset's own test part
 * of seasonal naive, the statistical models, each deep model and the `recommended` preset's ensemble, every model run
 * through the engine in-process as the CLI runs it (evaluateModel with one backtest window of one horizon, the
 * frequency's season and candidate periods, seed s). The forecast scored is the final one, fitted on the whole
 * training part; the backtest window inside the training part is what the ensemble ranks its members by.
 *
 *   bench/fetch-public.sh all                          # once (docs/ACCURACY.md)
 *   nice -n 19 node -r @swc-node/register bench/accuracy-table.ts [--datasets a,b] [--models a,b] [--sample 50]
 *       [--seeds 1] [--candidate NAME] [--json FILE] [--results DIR]
 *
 * Every (dataset, sample, model, candidate, seed) result is cached under .foretell/bench/accuracy (or --results DIR,
 * e.g. to keep an engine's figures from before a change beside those after it), so a run that is
 * stopped resumes, and bench/defaults-protocol.ts reads the grid from the same cache. --candidate runs the deep models
 * with one of the candidate defaults of the protocol (CANDIDATES); without it they run with today's defaults.
 * Scores are means over series; OWA is against Naive2 run on the same series; deep models' scores are means over seeds.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MODEL_KINDS, NEURAL_MODEL_KINDS, presetRun, type EnsembleSpec, type ModelKind } from '@foretell/contracts';
import { evaluateEnsemble, evaluateModel, mase, owa, smape, type MemberEvaluation } from '@foretell/forecasting';
import { demandClassCounts } from '@foretell/ingest';
import { DATASETS, loadDataset, type Dataset } from './accuracy-data';
import { seasonalResidual, type SeriesTransform } from './seasonal-residual';
import { benchArgs, intArg, listArg } from './args';
import { syntheticHourly } from './hourly-series';
import { fixed, machine, table } from './neural-common';

/** The cache of results (a temporary folder in a smoke run, which must not leave results behind). */
let results = join(__dirname, '../.foretell/bench/accuracy');

/** Reads and writes results under `dir` (`--results`: e.g. the figures of an engine before a change, kept apart). */
export function useResults(dir: string | undefined): void {
  if (dir) results = resolve(dir);
}
export const STATISTICAL: ModelKind[] = ['seasonal_naive', 'naive2', 'theta', 'damped', 'auto_ets', 'mstl', 'auto_intermittent'];
/** What "best statistical model" is chosen among (the baselines are not candidates). */
const BEST_OF: ModelKind[] = ['theta', 'damped', 'auto_ets', 'mstl', 'auto_arima'];

/**
 * Candidate defaults for the deep models (issue 13's protocol, docs/ACCURACY.md): the input window as a multiple of
 * the horizon (at least two seasons, at most 512 and what a typical series leaves besides a horizon of targets and
 * one of validation, as the default rule does), or long enough to span the longest candidate period plus a horizon,
 * the per-series scaling, and the value scale. `current` passes nothing: today's defaults (4 horizons, z-score, a
 * network on each value scale, and the recurrent models with a linear highway, both since 2026-12-06); `linear` and
 * `no-highway` are the defaults before those (one network on the series' own scale; no highway). Results of the candidates below `log` before 2026-12-06 were with one linear network
 * (`.foretell/bench/accuracy-linear-era`, the bench at d20fa6d).
 */
export const CANDIDATES: Record<string, { inputHorizons?: number; seriesScaling?: 'std' | 'diff'; coverCycle?: boolean; inputCycles?: number; residual?: boolean; valueScale?: 'linear' | 'log'; highway?: boolean; seasonPatches?: boolean; cycleInput?: boolean }> = {
  current: {},
  linear: { valueScale: 'linear' },
  log: { valueScale: 'log' },
  'in2h-std': { inputHorizons: 2, seriesScaling: 'std' },
  'in8h-std': { inputHorizons: 8, seriesScaling: 'std' },
  'in4h-diff': { inputHorizons: 4, seriesScaling: 'diff' },
  'in2h-diff': { inputHorizons: 2, seriesScaling: 'diff' },
  'in8h-diff': { inputHorizons: 8, seriesScaling: 'diff' },
  // Today's rule, but where the longest candidate period plus a horizon is longer, the input spans that (hourly
  // 168 + 48 = 216 instead of 192, daily 365 + 14 instead of 56); elsewhere it is today's defaults as they are.
  'cover-cycle': { coverCycle: true },
  // Today's defaults, the model forecasting the residual over seasonal naive at each series' period (seasonal-residual).
  'residual-sn': { residual: true },
  // Today's defaults without or with LSTNet's highway (a linear map from the input to the horizon added to the
  // network's output): without, the recurrent models' defaults before 2026-12-06; with, the Transformer's that the
  // protocol did not choose. NLinear and DLinear run as `current`.
  'no-highway': { highway: false },
  highway: { highway: true },
  // The Transformer's patches one season long, half a season apart (a day's profile per token on hourly data), where
  // the season is 4 steps or more; today's (about 32 patches per window, two strides long) elsewhere and for the others.
  'season-patches': { seasonPatches: true },
  // Today's rule, but the input spans two of the longest candidate periods where that is longer (hourly 336 hours,
  // two weeks, instead of 192; daily 512 days, the cap, instead of 56; elsewhere today's defaults as they are); alone
  // and with the season-long patches (the Transformer on hourly data: 27 day-long tokens instead of 15).
  'two-cycles': { inputCycles: 2 },
  'two-cycles-season-patches': { inputCycles: 2, seasonPatches: true },
  // The Transformer without its second, two-cycle input (`cycleInput`, its default since 2026-12-06 where it applies:
  // hourly data): its defaults before then. Elsewhere, and for the other models, it is `current`.
  'one-input': { cycleInput: false },
};

/**
 * The engine's input rule on this dataset at the backtest's fit (the shorter of the two): the input `horizons` horizons
 * ask for (at least two seasons), and an input fitted under the 512-step cap and the room a typical series leaves
 * besides a horizon of targets and one of validation (`resolveSettings` in libs/forecasting).
 */
function inputRule(data: Dataset, horizons = 4) {
  const h = data.spec.horizon;
  const lengths = data.train.map((s) => s.length - h).sort((a, b) => a - b);
  const room = Math.max(2, lengths[lengths.length >> 1] - 2 * h);
  const wanted = Math.max(horizons * h, data.season > 1 ? 2 * data.season : 0, 8);
  return { wanted, room, fitted: (input: number) => Math.max(2, Math.min(input, 512, room)) };
}

/**
 * Whether the Transformer's second input (two of the longest candidate periods) applies to this dataset: the engine's
 * rule (`cycleInputSize` in libs/forecasting) at the backtest's fit.
 */
export function cycleInputApplies(data: Dataset): boolean {
  const { wanted, room, fitted } = inputRule(data);
  const input = 2 * Math.max(...data.seasonalities);
  return input > fitted(wanted) && input <= Math.min(512, room);
}

/** A candidate's parameters for a deep model on this dataset; statistical models never get any. */
function candidateParams(kind: ModelKind, candidate: string, data: Dataset): Record<string, unknown> {
  const c = CANDIDATES[candidate];
  if (!c) throw new Error(`unknown candidate ${candidate}: one of ${Object.keys(CANDIDATES).join(', ')}`);
  if (!(NEURAL_MODEL_KINDS as readonly string[]).includes(kind) || candidate === 'current' || c.residual) return {};
  if (c.valueScale) return { valueScale: c.valueScale };
  if (c.cycleInput !== undefined) return kind === 'transformer' && cycleInputApplies(data) ? { cycleInput: c.cycleInput } : {};
  if (c.highway !== undefined) return kind === 'nlinear' || kind === 'dlinear' ? {} : { highway: c.highway };
  const h = data.spec.horizon;
  const { wanted, fitted } = inputRule(data, c.inputHorizons);
  const longestCycle = Math.max(...data.seasonalities);
  const params: Record<string, unknown> = {};
  if (c.seasonPatches && kind === 'transformer' && data.season >= 4) Object.assign(params, { patchLength: data.season, patchStride: Math.ceil(data.season / 2) });
  if (c.inputCycles && c.inputCycles * longestCycle > wanted) params.inputSize = fitted(c.inputCycles * longestCycle);
  if (c.inputCycles || c.seasonPatches) return params;
  const cycle = longestCycle + h;
  if (c.coverCycle && cycle <= wanted) return {};
  return { inputSize: fitted(c.coverCycle ? cycle : wanted), seriesScaling: c.seriesScaling };
}

export interface Score {
  mase: number;
  smape: number;
}

export interface CachedResult extends Score {
  seconds: number;
  /** What an ensemble needs of a member (MemberEvaluation). */
  perSeries: MemberEvaluation['perSeries'];
}

/** Mean MASE (lag = the dataset's season) and sMAPE of forecasts against the test parts. */
export function scoreForecasts(data: Dataset, forecasts: readonly ArrayLike<number>[]): Score {
  let m = 0;
  let s = 0;
  forecasts.forEach((f, i) => {
    m += mase(data.test[i], f, data.train[i], data.season);
    s += smape(data.test[i], f);
  });
  return { mase: m / forecasts.length, smape: s / forecasts.length };
}

export function resultPath(data: Dataset, sample: number, kind: string, candidate: string, seed: number): string {
  const tag = (NEURAL_MODEL_KINDS as readonly string[]).includes(kind) ? `${candidate}-s${seed}` : 's0';
  return join(results, `${data.name}-n${sample}`, `${kind}-${tag}.json`);
}

export function readResult(path: string): CachedResult | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as CachedResult) : undefined;
}

/** What a deep model sees under the residual candidate (none for the others and for statistical models). */
function candidateTransforms(kind: ModelKind, candidate: string, data: Dataset): SeriesTransform[] | undefined {
  if (!CANDIDATES[candidate]?.residual || !(NEURAL_MODEL_KINDS as readonly string[]).includes(kind)) return undefined;
  return data.train.map((s) => seasonalResidual(s, data.season, data.seasonalities));
}

/** Evaluates one model as the CLI does (cached). Statistical models are deterministic: one run, seed 0. */
async function run(data: Dataset, sample: number, kind: ModelKind, candidate: string, seed: number, cachedOnly: boolean): Promise<CachedResult | undefined> {
  const path = resultPath(data, sample, kind, candidate, seed);
  const cached = readResult(path);
  if (cached || cachedOnly) return cached;
  // A candidate that passes nothing here is today's defaults on this dataset: the same (seeded) run as `current`,
  // kept under the candidate's name too for the protocol.
  if (candidate !== 'current' && !CANDIDATES[candidate].residual && Object.keys(candidateParams(kind, candidate, data)).length === 0) {
    const same = await run(data, sample, kind, 'current', seed, cachedOnly);
    return same && save(path, same);
  }
  const started = performance.now();
  const transforms = candidateTransforms(kind, candidate, data);
  const evaluation = await evaluateModel({
    series: transforms ? transforms.map((r) => r.series) : data.train,
    horizon: data.spec.horizon,
    season: data.season,
    seasonalities: data.seasonalities,
    backtest: { windows: 1, step: data.spec.horizon },
    model: { kind, params: candidateParams(kind, candidate, data) },
    seed,
  });
  // With a transform, every forecast (backtest and final) is brought back to the series' own scale.
  const perSeries = evaluation.perSeries.map((s, i) => {
    const r = transforms?.[i];
    if (!r) return { backtest: s.backtest, forecast: Array.from(s.forecast) };
    const cutoffs = s.backtest.cutoffs.map((c) => c + r.shift);
    const yhat = s.backtest.yhat.map((z, w) => Array.from(r.restore(s.backtest.cutoffs[w], z)));
    return { backtest: { ...s.backtest, cutoffs, yhat }, forecast: Array.from(r.restore(r.series.length, s.forecast)) };
  });
  return save(path, {
    ...scoreForecasts(data, perSeries.map((s) => s.forecast)),
    seconds: (performance.now() - started) / 1000,
    perSeries: perSeries as unknown as MemberEvaluation['perSeries'],
  });
}

function save(path: string, result: CachedResult): CachedResult {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, JSON.stringify(result));
  return result;
}


/** The models the `recommended` preset runs on this dataset (the deep ones its size affords). */
export function recommendedMembers(data: Dataset): ModelKind[] {
  const points = data.train.reduce((n, s) => n + s.length, 0);
  return presetRun('recommended', { points, demandClasses: demandClassCounts(data.train.map((values) => ({ values }))) }).models.map((m) => m.kind);
}

/**
 * The `recommended` preset's ensemble (the mean of the best 5 by backtest since 2026-12-06), or another `spec`, over the members the
 * preset would run here; undefined until every member is cached.
 */
export function recommendedEnsemble(data: Dataset, members: Map<string, CachedResult>, spec: EnsembleSpec = presetRun('recommended').ensembles[0]): (Score & { members: string[] }) | undefined {
  const wanted = recommendedMembers(data).map((kind) => ({ name: kind, result: members.get(kind) }));
  if (!wanted.every((m) => m.result !== undefined)) return undefined;
  const evaluation = evaluateEnsemble({
    series: data.train,
    horizon: data.spec.horizon,
    season: data.season,
    members: wanted.map(({ name, result }) => ({ name, evaluation: { perSeries: (result as CachedResult).perSeries } })),
    combine: spec.method,
    topK: spec.top,
  });
  return { ...scoreForecasts(data, evaluation.perSeries.map((s) => s.forecast)), members: evaluation.members };
}

interface DatasetSummary {
  series: number;
  available: number;
  horizon: number;
  season: number;
  scores: Record<string, Score & { seconds: number }>;
  best: string | undefined;
}

/** One row per dataset: seasonal naive, the best statistical model, each deep model, the recommended ensemble. */
function overview(summary: Record<string, DatasetSummary>, models: readonly ModelKind[]): string {
  const deep = models.filter((k) => (NEURAL_MODEL_KINDS as readonly string[]).includes(k));
  const cell = (d: DatasetSummary, key: string | undefined) => {
    const s = key === undefined ? undefined : d.scores[key];
    const naive2 = d.scores['naive2'];
    return s ? `${fixed(s.mase)}${naive2 ? ` (${fixed(owa(s, naive2))})` : ''}` : '—';
  };
  const rows = Object.entries(summary).map(([name, d]) => [
    `${name}${DATASETS[name].heldOut ? ' *' : ''}`,
    `${d.series}/${d.available}`,
    cell(d, 'seasonal_naive'),
    d.best ? `${d.best} ${cell(d, d.best)}` : '—',
    ...deep.map((k) => cell(d, k)),
    cell(d, 'recommended'),
  ]);
  return table(['dataset (* held out)', 'series', 'seasonal naive', 'best statistical', ...deep, 'recommended'], rows);
}

function mean(scores: Score[]): Score {
  return { mase: scores.reduce((a, s) => a + s.mase, 0) / scores.length, smape: scores.reduce((a, s) => a + s.smape, 0) / scores.length };
}

const USAGE = 'nice -n 19 node -r @swc-node/register bench/accuracy-table.ts [--datasets a,b] [--models a,b] [--sample 50] [--seeds 1] [--candidate NAME] [--json FILE] [--cached] [--results DIR]';

/** Four synthetic hourly series, the baselines, theta and NLinear, scored and combined as a real run is (seconds). */
async function smoke(): Promise<void> {
  results = mkdtempSync(join(tmpdir(), 'accuracy-smoke-'));
  const horizon = 24;
  const series = syntheticHourly(4, 7).map((s) => s.subarray(0, 400));
  const data: Dataset = {
    name: 'smoke',
    spec: { file: '', source: '', unit: 'hour', horizon },
    season: 24,
    seasonalities: [24],
    train: series.map((s) => s.slice(0, -horizon)),
    test: series.map((s) => s.slice(-horizon)),
    available: series.length,
  };
  const members = new Map<string, CachedResult>();
  for (const kind of ['seasonal_naive', 'naive2', 'theta', 'nlinear'] as ModelKind[]) {
    const result = await run(data, 4, kind, 'current', 1, false);
    if (!result || !Number.isFinite(result.mase)) throw new Error(`${kind} gave no finite MASE`);
    members.set(kind, result);
    console.log(`smoke ${kind}: MASE ${fixed(result.mase)}`);
  }
  const cached = await run(data, 4, 'theta', 'current', 1, true);
  if (cached?.mase !== members.get('theta')?.mase) throw new Error('a cached result did not read back');
}

async function main(): Promise<void> {
  const values = benchArgs(USAGE, {
    datasets: { type: 'string', default: Object.keys(DATASETS).join(',') },
    models: { type: 'string', default: [...STATISTICAL, ...NEURAL_MODEL_KINDS].join(',') },
    sample: { type: 'string', default: '50' },
    seeds: { type: 'string', default: '1' },
    candidate: { type: 'string', default: 'current' },
    json: { type: 'string' },
    cached: { type: 'boolean', default: false },
    results: { type: 'string' },
  });
  if (values.smoke) return smoke();
  useResults(values.results);
  const sample = intArg(values.sample, 'sample', 1);
  const seeds = intArg(values.seeds, 'seeds', 1);
  const candidate = String(values.candidate);
  const models = listArg(values.models) as ModelKind[];
  // An unknown kind fails before hours of work (the kinds are data: no throwaway model to ask).
  const unknown = models.filter((kind) => !(MODEL_KINDS as readonly string[]).includes(kind));
  if (unknown.length) throw new Error(`unknown model kind ${unknown.join(', ')}: one of ${MODEL_KINDS.join(', ')}`);
  console.log(`${machine()}; sample ${sample} series per dataset (seed 13), seeds 1..${seeds}, deep defaults: ${candidate}`);
  const summary: Record<string, DatasetSummary> = {};
  for (const name of String(values.datasets).split(',')) {
    const data = loadDataset(name, sample);
    const h = data.spec.horizon;
    console.log(`\n${name}: ${data.train.length} of ${data.available} series, h = ${h}, season ${data.season}, periods ${data.seasonalities.join(', ')}${data.spec.heldOut ? ' (held out: never used to choose)' : ''}`);
    const scores = new Map<string, Score & { seconds: number }>();
    const bySeed: Map<string, CachedResult>[] = Array.from({ length: seeds }, () => new Map());
    for (const kind of models) {
      const neural = (NEURAL_MODEL_KINDS as readonly string[]).includes(kind);
      const runs: CachedResult[] = [];
      for (let seed = 1; seed <= (neural ? seeds : 1); seed++) {
        try {
          const result = await run(data, sample, kind, candidate, seed, Boolean(values.cached));
          if (!result) break;
          runs.push(result);
        } catch (error) {
          console.log(`  ${kind}: failed: ${(error as Error).message}`);
          break;
        }
      }
      if (runs.length === 0) continue;
      bySeed.forEach((m, s) => m.set(kind, runs[neural ? s : 0] ?? runs[0]));
      const score = { ...mean(runs), seconds: runs.reduce((a, r) => a + r.seconds, 0) / runs.length };
      scores.set(kind, score);
      console.log(`  ${kind}: MASE ${fixed(score.mase)} (${fixed(score.seconds, 1)} s)`);
    }
    const ensembles = bySeed.map((m) => recommendedEnsemble(data, m)).filter((e) => e !== undefined);
    if (ensembles.length) scores.set('recommended', { ...mean(ensembles), seconds: NaN });
    const naive2 = scores.get('naive2');
    const maseOf = (k: string) => scores.get(k)?.mase ?? Infinity;
    const best = BEST_OF.filter((k) => scores.has(k)).sort((a, b) => maseOf(a) - maseOf(b))[0];
    const rows = [...scores].map(([model, s]) => [
      model + (model === best ? ' (best statistical)' : ''),
      fixed(s.mase),
      naive2 ? fixed(owa(s, naive2)) : '—',
      fixed(s.smape, 2),
      Number.isNaN(s.seconds) ? '' : fixed(s.seconds, 1),
    ]);
    console.log(table(['model', 'MASE', 'OWA', 'sMAPE', 'seconds'], rows));
    if (ensembles[0]) console.log(`  ensemble members (seed 1): ${ensembles[0].members.join(', ')}`);
    summary[name] = { series: data.train.length, available: data.available, horizon: h, season: data.season, scores: Object.fromEntries(scores), best };
  }
  console.log(`\nMASE (OWA) per dataset, ${candidate} deep defaults:`);
  console.log(overview(summary, models));
  if (values.json) writeFileSync(values.json, JSON.stringify({ sample, seeds, candidate, datasets: summary }, null, 2));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
}
