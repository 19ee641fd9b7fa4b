import * as tf from '@tensorflow/tfjs-core';
import { createAdam } from '../ops/adam';
import { seededRandom } from '@foretell/contracts';
import { meanSquaredError } from '../ops/mse';
import { normalizedForward, type Network, type WindowNormalization } from './network';
import { channelCount, gatherWindows, measuredChannels, type Origins, type ScaledSeries } from './series-windows';

export type LossName = 'mse' | 'mae' | 'huber';

export interface LoopSettings {
  inputSize: number;
  horizon: number;
  epochs: number;
  /** 0: no early stopping. */
  patience: number;
  batchSize: number;
  windowsPerEpoch: number;
  learningRate: number;
  loss: LossName;
  normalization: WindowNormalization;
  /** `cosine`: from the learning rate down to 5% of it over `epochs`; `plateau`: halved after patience/2 bad epochs. */
  schedule: 'cosine' | 'plateau';
  /** `windows`: every training window equally likely; `series`: every series equally likely, then a window in it. */
  sampling: 'windows' | 'series';
  clipNorm?: number;
  seed: number;
}

export interface EpochRecord {
  epoch: number;
  loss: number;
  valLoss: number | null;
  learningRate: number;
  seconds: number;
}

export interface LoopResult {
  epochs: EpochRecord[];
  /** Epoch whose weights were kept (the best validation loss, or the last epoch without validation). */
  bestEpoch: number;
  stoppedEarly: boolean;
}

export interface LoopData {
  series: readonly ScaledSeries[];
  train: Origins;
  validation: Origins;
}

/** Halve the learning rate after this share of `patience` epochs without improvement (ReduceLROnPlateau). */
const PLATEAU_SHARE = 0.5;
const MIN_LR_SHARE = 1 / 16;
/** Where the cosine schedule ends, as a share of the initial learning rate. */
const COSINE_FLOOR = 0.05;

/**
 * Adam on mini-batches of windows sampled across all series; each epoch draws `windowsPerEpoch` windows by walking
 * a seeded shuffle of the pool (reshuffled when used up, so small pools repeat and big ones are covered over
 * epochs). The learning rate follows a cosine decay over the epochs (or is halved on plateaus); after each epoch,
 * the validation loss drives early stopping, which keeps the best weights. Everything random is seeded, so a fit repeats exactly on one backend.
 */
export async function trainLoop(
  net: Network,
  data: LoopData,
  settings: LoopSettings,
  hooks: { onEpoch?: (record: EpochRecord) => void; signal?: AbortSignal } = {},
): Promise<LoopResult> {
  const { train, validation } = data;
  if (train.count === 0) throw new RangeError('no training windows');
  const next = windowSampler(train, settings.sampling, seededRandom(settings.seed ^ 0x5bd1e995));

  // The fused WASM Adam of ../adam (one kernel per variable), tfjs' own elsewhere.
  const optimizer = createAdam(settings.learningRate);
  const variables = net.variables;
  const lossFn = LOSSES[settings.loss];
  const epochs: EpochRecord[] = [];
  let lr = settings.learningRate;
  let best = Infinity;
  let bestEpoch = -1;
  let bestWeights: tf.Tensor[] | null = null;
  let sinceBest = 0;
  let sinceCut = 0;
  let stoppedEarly = false;
  const plateau = Math.max(1, Math.floor(settings.patience * PLATEAU_SHARE));
  const channels = channelCount(data.series[0]);
  const measured = measuredChannels(data.series[0]);

  try {
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      hooks.signal?.throwIfAborted();
      const start = performance.now();
      if (settings.schedule === 'cosine') {
        const progress = settings.epochs > 1 ? epoch / (settings.epochs - 1) : 1;
        lr = settings.learningRate * (COSINE_FLOOR + ((1 - COSINE_FLOOR) * (1 + Math.cos(Math.PI * progress))) / 2);
      }
      optimizer.learningRate = lr;
      const picks = next(settings.windowsPerEpoch);
      let total = 0;
      for (let b = 0; b < picks.length; b += settings.batchSize) {
        const idx = picks.subarray(b, Math.min(picks.length, b + settings.batchSize));
        const batch = gatherWindows(data.series, train, idx, settings.inputSize, settings.horizon);
        const loss = tf.tidy(() => {
          const x = tf.tensor3d(batch.x, [idx.length, settings.inputSize, channels]);
          const y = tf.tensor2d(batch.y, [idx.length, settings.horizon]);
          const f = () => lossFn(y, normalizedForward(net, x, true, settings.normalization, measured)) as tf.Scalar;
          const { value, grads } = tf.variableGrads(f, variables);
          const list = variables.map((v) => grads[v.name]);
          const clip = settings.clipNorm;
          optimizer.apply(variables, list, clip === undefined ? 1 : Math.min(1, clip / globalNorm(list)));
          return value;
        });
        total += (await loss.data())[0] * idx.length;
        loss.dispose();
      }
      const trainLoss = total / picks.length;
      if (!Number.isFinite(trainLoss)) {
        throw new Error(`training diverged at epoch ${epoch + 1} (loss ${trainLoss}); lower the learning rate`);
      }
      const valLoss = validation.count > 0 ? evaluateLoss(net, data, validation, settings) : null;
      const record = { epoch, loss: trainLoss, valLoss, learningRate: lr, seconds: (performance.now() - start) / 1000 };
      epochs.push(record);
      hooks.onEpoch?.(record);

      const score = valLoss ?? trainLoss;
      if (score < best) {
        best = score;
        bestEpoch = epoch;
        sinceBest = 0;
        sinceCut = 0;
        if (validation.count > 0) {
          tf.dispose(bestWeights ?? []);
          bestWeights = net.variables.map((v) => tf.keep(tf.clone(v)));
        }
      } else {
        sinceBest++;
        sinceCut++;
        if (settings.patience > 0 && sinceBest >= settings.patience) {
          stoppedEarly = true;
          break;
        }
        const cut = settings.schedule === 'plateau' && settings.patience > 0 && sinceCut >= plateau;
        if (cut && lr > settings.learningRate * MIN_LR_SHARE) {
          lr /= 2;
          sinceCut = 0;
        }
      }
      // Let timers, progress reports and aborts through between epochs.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const keep = bestWeights;
    if (keep) net.variables.forEach((v, i) => v.assign(keep[i]));
  } finally {
    tf.dispose(bestWeights ?? []);
    optimizer.dispose();
  }
  if (validation.count === 0) bestEpoch = epochs.length - 1;
  return { epochs, bestEpoch, stoppedEarly };
}

/** Mean loss over a set of windows, in batches, without gradients. */
export function evaluateLoss(net: Network, data: LoopData, origins: Origins, settings: LoopSettings): number {
  const lossFn = LOSSES[settings.loss];
  let total = 0;
  const batch = Math.max(settings.batchSize, 512);
  const channels = channelCount(data.series[0]);
  const measured = measuredChannels(data.series[0]);
  for (let b = 0; b < origins.count; b += batch) {
    const idx = Int32Array.from({ length: Math.min(batch, origins.count - b) }, (_, i) => b + i);
    const { x, y } = gatherWindows(data.series, origins, idx, settings.inputSize, settings.horizon);
    const loss = tf.tidy(() =>
      lossFn(
        tf.tensor2d(y, [idx.length, settings.horizon]),
        normalizedForward(
          net,
          tf.tensor3d(x, [idx.length, settings.inputSize, channels]),
          false,
          settings.normalization,
          measured,
        ),
      ),
    );
    total += loss.dataSync()[0] * idx.length;
    loss.dispose();
  }
  return total / origins.count;
}

const LOSSES: Record<LossName, (y: tf.Tensor, yHat: tf.Tensor) => tf.Tensor> = {
  mse: (y, yHat) => meanSquaredError(yHat, y),
  mae: (y, yHat) => tf.mean(tf.abs(tf.sub(y, yHat))),
  huber: (y, yHat) => tf.losses.huberLoss(y, yHat, undefined, 1),
};

/** Global L2 norm of a set of gradients (one small read-back per batch, for clipping). */
function globalNorm(grads: tf.Tensor[]): number {
  const squared = tf.tidy(() => tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
  const value = Math.sqrt(squared.dataSync()[0]);
  squared.dispose();
  return value;
}

/**
 * Draws the windows of each epoch. `windows` walks a seeded shuffle of the whole pool (reshuffled when used up, so
 * small pools repeat and big ones are covered over epochs); `series` first picks a series uniformly, so long series
 * do not outweigh short ones (as in an M4-style average over series).
 */
function windowSampler(train: Origins, sampling: 'windows' | 'series', rand: () => number): (n: number) => Int32Array {
  if (sampling === 'series') {
    // Origins are grouped by series: the first index and count of each series that has windows.
    const first: number[] = [];
    const count: number[] = [];
    for (let i = 0; i < train.count; i++) {
      if (i === 0 || train.series[i] !== train.series[i - 1]) {
        first.push(i);
        count.push(0);
      }
      count[count.length - 1]++;
    }
    return (n) =>
      Int32Array.from({ length: n }, () => {
        const s = Math.floor(rand() * first.length);
        return first[s] + Math.floor(rand() * count[s]);
      });
  }
  const order = Int32Array.from({ length: train.count }, (_, i) => i);
  let cursor = order.length;
  return (n) => {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (cursor >= order.length) {
        shuffle(order, rand);
        cursor = 0;
      }
      out[i] = order[cursor++];
    }
    return out;
  };
}

function shuffle(a: Int32Array, rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
