import { NEURAL_TRAINING_DEFAULTS } from '@foretell/contracts';
import type { LossName, LoopSettings } from './train-loop';
import type { WindowNormalization } from './network';
import type { SeriesScaling } from './series-windows';

/** The training settings a user may give (all optional: see NEURAL_MODEL_PARAMS in @foretell/contracts). */
export interface TrainingParams {
  inputSize?: number;
  horizon?: number;
  epochs?: number;
  patience?: number;
  batchSize?: number;
  windowsPerEpoch?: number;
  recentWindows?: number;
  learningRate?: number;
  validation?: number;
  loss?: LossName;
  normalization?: WindowNormalization;
  clipNorm?: number;
  seriesScaling?: SeriesScaling;
  schedule?: 'cosine' | 'plateau';
  sampling?: 'windows' | 'series';
  /** Also train on an input of two of the longest cycles where that is longer than the default (see cycleInputSize). */
  cycleInput?: boolean;
}

/** What a model kind prefers where the user said nothing. */
export interface ModelDefaults {
  learningRate: number;
  normalization: WindowNormalization;
  loss: LossName;
  clipNorm?: number;
  /** Longest input the kind handles well by default. */
  maxInput: number;
}

export interface DataShape {
  lengths: readonly number[];
  season: number;
  /** The horizon the caller announced at fit time, if any. */
  horizon?: number;
  /** The longest candidate seasonal period (hourly data: 168); absent: `season`. */
  longestCycle?: number;
}

export interface ResolvedSettings extends Omit<LoopSettings, 'seed'> {
  validation: number;
  seriesScaling: SeriesScaling;
  recentWindows?: number;
}

const DEFAULT_PATIENCE = 20;
const DEFAULT_BATCH = 128;
/** Epoch size bounds: small pools are cycled to at least the minimum so an epoch is a meaningful number of steps. */
const { epochs: DEFAULT_EPOCHS, minEpochWindows: MIN_EPOCH_WINDOWS, maxEpochWindows: MAX_EPOCH_WINDOWS } = NEURAL_TRAINING_DEFAULTS;

/** Horizon a fit trains for when nobody said: one season, or 8 steps without seasonality. */
export function defaultHorizon(season: number): number {
  return season > 1 ? Math.min(season, 200) : 8;
}

/**
 * Fills in every setting the user left out, from the data: the horizon the engine announced, an input of about
 * four horizons or two seasons (whichever is longer, capped by the model kind and by the typical series length), a
 * validation tail of one horizon when the series can spare it. `poolSize` is then used for the epoch size.
 */
export function resolveSettings(params: TrainingParams, data: DataShape, model: ModelDefaults): ResolvedSettings {
  const horizon = params.horizon ?? data.horizon ?? defaultHorizon(data.season);
  const longest = data.lengths.reduce((a, b) => Math.max(a, b), 0);
  let inputSize = params.inputSize;
  if (inputSize === undefined) {
    const wanted = Math.max(4 * horizon, data.season > 1 ? 2 * data.season : 0, 8);
    inputSize = Math.max(2, Math.min(wanted, model.maxInput, inputRoom(data.lengths, horizon)));
  }
  // A validation tail only where the longest series keeps training windows besides it.
  const validation = params.validation ?? (longest - 2 * horizon >= Math.min(inputSize, 8) ? horizon : 0);
  return {
    inputSize,
    horizon,
    validation,
    recentWindows: params.recentWindows,
    epochs: params.epochs ?? DEFAULT_EPOCHS,
    patience: params.patience ?? DEFAULT_PATIENCE,
    batchSize: params.batchSize ?? DEFAULT_BATCH,
    windowsPerEpoch: params.windowsPerEpoch ?? 0, // set from the pool by `epochWindows`
    learningRate: params.learningRate ?? model.learningRate,
    loss: params.loss ?? model.loss,
    normalization: params.normalization ?? model.normalization,
    clipNorm: params.clipNorm ?? model.clipNorm,
    seriesScaling: params.seriesScaling ?? 'std',
    schedule: params.schedule ?? 'cosine',
    sampling: params.sampling ?? 'windows',
  };
}

/** Room for an input in a typical series (the median length): a horizon of targets and a validation horizon stay. */
function inputRoom(lengths: readonly number[], horizon: number): number {
  const sorted = [...lengths].sort((a, b) => a - b);
  return Math.max(2, (sorted[Math.floor(sorted.length / 2)] ?? 0) - 2 * horizon);
}

/**
 * The second input of a fit with `cycleInput` (the Transformer's default): two of the longest candidate cycles (hourly
 * data: 336 hours, two weeks) where that is longer than the default input `resolved` and fits both the kind's longest
 * input and a typical series; otherwise none. Networks on it are averaged with those on the default input: the
 * protocol of docs/ACCURACY.md chose this on hourly data it had not seen ("Fresh hourly data"). Off when the user
 * gave `inputSize`: their input is the only one.
 */
export function cycleInputSize(params: TrainingParams, data: DataShape, resolved: ResolvedSettings, model: ModelDefaults): number | null {
  const cycle = data.longestCycle ?? data.season;
  if (!params.cycleInput || params.inputSize !== undefined || cycle <= 1) return null;
  const input = 2 * cycle;
  return input > resolved.inputSize && input <= Math.min(model.maxInput, inputRoom(data.lengths, resolved.horizon)) ? input : null;
}

/** Windows per epoch for a pool of `pool` training windows when the user gave none. */
export function epochWindows(pool: number, given: number | undefined): number {
  if (given) return given;
  return Math.min(MAX_EPOCH_WINDOWS, Math.max(MIN_EPOCH_WINDOWS, pool));
}
