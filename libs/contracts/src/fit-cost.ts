import type { RunModelKind } from './ensembles.schema';
import type { LeaderboardEntry } from './runs.schema';
import { NEURAL_TRAINING_DEFAULTS } from './neural-models.schema';

/**
 * The expected cost of evaluating each model of a run, in seconds on the reference machine (2 cores, WASM backend),
 * so a run's overall progress weighs a model by the time it takes: a Transformer at 53% holds a run of cheap
 * statistical models near half done, not at 95%. The one place these figures live.
 *
 * A statistical (local) model fits every series on its own: its cost grows with the points. A neural (global) model
 * trains one network on windows drawn from all series: epochs × windows per epoch × networks (`ensemble` × value scales), whatever
 * the data's size beyond the epoch's window count. Every model fits once per backtest window and once on the whole
 * series. Rates from the figures in docs/BENCHMARKS.md and docs/NEURAL.md (M4 Weekly: 359 series, 366,912 points; a
 * neural fit of 40 epochs × 4,096 windows = 163,840 window-epochs): e.g. theta 0.37 s → 1e-6 s a point, lstm 19.1 s
 * → 1.2e-4 s a window-epoch. They are an order of magnitude, not a promise: early stopping, network sizes and the
 * machine's load are not modelled.
 *
 * Two uses: the weight of each model in a run's progress, and the new-run form's time estimate for a kind this
 * installation has never fitted. Re-measure on hourly data (CPU µs per point, one fit with defaults) with
 *
 *   nice -n 19 node -r @swc-node/register bench/fit-cost.ts --series 7
 *
 * (7 ETTh2 slices of 800 h, 5,264 training points, 2026-12-04: theta 2.5, auto_ets 23, auto_arima 80, mstl 12 µs; the
 * weekly rates above are kept for the statistical kinds, within the order of magnitude these figures promise).
 */
const COST: Record<RunModelKind, { per: 'point' | 'window-epoch'; seconds: number }> = {
  naive: { per: 'point', seconds: 5e-8 },
  seasonal_naive: { per: 'point', seconds: 5e-8 },
  drift: { per: 'point', seconds: 5e-8 },
  naive2: { per: 'point', seconds: 3e-7 },
  ses: { per: 'point', seconds: 1e-6 },
  holt: { per: 'point', seconds: 2.5e-6 },
  damped: { per: 'point', seconds: 2e-6 },
  theta: { per: 'point', seconds: 1e-6 },
  // Weekly 1e-5 a point; long seasons (hourly, through MSTL) up to 8e-5.
  auto_ets: { per: 'point', seconds: 3e-5 },
  auto_arima: { per: 'point', seconds: 1.3e-4 },
  croston: { per: 'point', seconds: 1e-6 },
  sba: { per: 'point', seconds: 1e-6 },
  tsb: { per: 'point', seconds: 1e-6 },
  adida: { per: 'point', seconds: 2e-6 },
  imapa: { per: 'point', seconds: 2e-6 },
  auto_intermittent: { per: 'point', seconds: 1e-5 },
  calendar_regression: { per: 'point', seconds: 5e-6 },
  mstl: { per: 'point', seconds: 1e-4 },
  nlinear: { per: 'window-epoch', seconds: 5e-6 },
  dlinear: { per: 'window-epoch', seconds: 6e-6 },
  lstm: { per: 'window-epoch', seconds: 1.2e-4 },
  gru: { per: 'window-epoch', seconds: 8.5e-5 },
  transformer: { per: 'window-epoch', seconds: 2.9e-4 },
  rnn_attention: { per: 'window-epoch', seconds: 1.3e-4 },
  // Combines its members' stored forecasts: nothing to fit.
  ensemble: { per: 'point', seconds: 5e-8 },
};

export interface PlannedFit {
  kind: RunModelKind;
  params?: Record<string, unknown>;
}

export interface RunData {
  /** Points over every series of the dataset (unknown: 0). */
  points: number;
  /** Backtest windows of the run. */
  windows: number;
}

/** A positive setting of a model's parameters, or the default. */
function setting(params: Record<string, unknown> | undefined, name: string, fallback: number): number {
  const value = params?.[name];
  return typeof value === 'number' && value > 0 ? value : fallback;
}

/** Expected seconds to evaluate `model` on the run's data: always positive, so every model weighs in. */
export function expectedFitSeconds(model: PlannedFit, data: RunData): number {
  const { per, seconds } = COST[model.kind];
  const points = Math.max(1, data.points);
  const fits = Math.max(0, data.windows) + 1;
  if (per === 'point') return seconds * points * fits;
  const { epochs, minEpochWindows, maxEpochWindows } = NEURAL_TRAINING_DEFAULTS;
  // The pool of training windows is about one per point; an epoch draws it, within the bounds, unless told.
  const windowsPerEpoch = setting(model.params, 'windowsPerEpoch', Math.min(maxEpochWindows, Math.max(minEpochWindows, points)));
  // A network per ensemble member and value scale (`valueScale: 'both'`, the default, trains two). The Transformer's
  // second input on hourly data (`cycleInput`) doubles that again; the data's frequency is not known here.
  const scales = (model.params?.valueScale ?? 'both') === 'both' ? 2 : 1;
  const windowEpochs = setting(model.params, 'epochs', epochs) * windowsPerEpoch * setting(model.params, 'ensemble', 1) * scales;
  return seconds * windowEpochs * fits;
}

/** Below 1 while any model is unfinished, however small its weight (a sum of floats could round up to 1). */
const MOST_UNFINISHED = 0.999;

/**
 * A run's overall progress: its models' fractions weighted by their expected seconds. Monotone in each model's
 * fraction, and 1 only when every model is done.
 */
export function overallProgress(models: readonly { seconds: number; fraction: number }[]): number {
  if (models.length === 0) return 0;
  if (models.every((m) => m.fraction >= 1)) return 1;
  const total = models.reduce((sum, m) => sum + m.seconds, 0);
  const done = models.reduce((sum, m) => sum + m.seconds * Math.min(1, Math.max(0, m.fraction)), 0);
  return Math.min(MOST_UNFINISHED, total > 0 ? done / total : 0);
}

/**
 * A run's overall progress from its leaderboard (`points`: the dataset's, 0 when unknown); each model's fraction as
 * `fractionOf` says, by default the one the API stored.
 */
export function weightedRunProgress<E extends Pick<LeaderboardEntry, 'kind' | 'params' | 'progress'>>(
  run: { leaderboard: readonly E[]; backtest: { windows: number } },
  points: number,
  fractionOf: (entry: E) => number = (entry) => entry.progress,
): number {
  const data = { points, windows: run.backtest.windows };
  return overallProgress(run.leaderboard.map((e) => ({ seconds: expectedFitSeconds(e, data), fraction: fractionOf(e) })));
}
