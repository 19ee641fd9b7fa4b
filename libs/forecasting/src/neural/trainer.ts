import * as tf from '@tensorflow/tfjs-core';
import { createAdam, type AdamOptimizer } from './adam';
import { seededRandom } from './init';
import { meanSquaredError } from './mse';

/**
 * A small training loop for window → horizon models: shuffled mini-batches, Adam, MSE, optional gradient clipping,
 * learning-rate schedule, validation with early stopping (best weights restored), per-epoch progress and abort.
 * Models bring their own variables and forward pass; nothing here knows about layers.
 */

/** N windows, row-major: x is [count, steps, features], y is [count, horizon]. */
export interface WindowSet {
  x: Float32Array;
  y: Float32Array;
  count: number;
  steps: number;
  features: number;
  horizon: number;
}

export interface TrainableModel {
  readonly variables: tf.Variable[];
  /** [batch, steps, features] → [batch, horizon]. */
  forward(x: tf.Tensor3D): tf.Tensor2D;
}

export interface EpochReport {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss: number | null;
  learningRate: number;
  /** Wall-clock and CPU time of the epoch's training (validation excluded). */
  ms: number;
  cpuMs: number;
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate?: number;
  /** Shuffling seed (weights are seeded by the model). */
  seed?: number;
  validation?: WindowSet;
  /** Stop after this many epochs without a better validation loss, and restore the best weights. */
  patience?: number;
  /** Learning rate for an epoch (0-based), given the initial one. */
  schedule?: (epoch: number, initial: number) => number;
  /** Rescale gradients whose global L2 norm exceeds this. */
  clipNorm?: number;
  onEpoch?: (report: EpochReport) => void;
  signal?: AbortSignal;
}

export interface TrainResult {
  loss: number[];
  valLoss: number[];
  epochMs: number[];
  /** CPU time of this process per epoch: less sensitive than wall time to other processes on the machine. */
  epochCpuMs: number[];
  bestEpoch: number;
  stoppedEarly: boolean;
}

export async function trainWindows(
  model: TrainableModel,
  train: WindowSet,
  options: TrainOptions,
): Promise<TrainResult> {
  checkSet(train, 'train');
  if (options.validation) checkSet(options.validation, 'validation');
  const initialLr = options.learningRate ?? 1e-3;
  const optimizer = createAdam(initialLr);
  const rand = seededRandom(options.seed ?? 0);
  const order = Int32Array.from({ length: train.count }, (_, i) => i);
  const result: TrainResult = {
    loss: [],
    valLoss: [],
    epochMs: [],
    epochCpuMs: [],
    bestEpoch: -1,
    stoppedEarly: false,
  };
  let best: { loss: number; weights: tf.Tensor[] } | null = null;

  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      if (options.signal?.aborted) throw new Error('Training aborted');
      const lr = options.schedule ? options.schedule(epoch, initialLr) : initialLr;
      optimizer.learningRate = lr;
      shuffle(order, rand);
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      const loss = runEpoch(model, optimizer, train, order, options);
      const ms = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const valLoss = options.validation ? evaluateMse(model, options.validation) : null;
      result.loss.push(loss);
      result.epochMs.push(ms);
      result.epochCpuMs.push(cpuMs);
      if (valLoss !== null) result.valLoss.push(valLoss);
      options.onEpoch?.({ epoch, epochs: options.epochs, loss, valLoss, learningRate: lr, ms, cpuMs });

      const score = valLoss ?? loss;
      if (!best || score < best.loss) {
        tf.dispose(best?.weights);
        best = { loss: score, weights: model.variables.map((v) => tf.keep(tf.clone(v))) };
        result.bestEpoch = epoch;
      } else if (options.patience !== undefined && epoch - result.bestEpoch >= options.patience) {
        result.stoppedEarly = true;
        break;
      }
      // Let progress reports, aborts and lock renewals through between epochs.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const bestWeights = best?.weights;
    if (bestWeights && options.validation) model.variables.forEach((v, i) => v.assign(bestWeights[i]));
  } finally {
    tf.dispose(best?.weights);
    optimizer.dispose();
  }
  return result;
}

function runEpoch(
  model: TrainableModel,
  optimizer: AdamOptimizer,
  train: WindowSet,
  order: Int32Array,
  options: TrainOptions,
): number {
  let total = 0;
  const variables = model.variables;
  for (let start = 0; start < train.count; start += options.batchSize) {
    const idx = order.subarray(start, Math.min(train.count, start + options.batchSize));
    const loss = tf.tidy(() => {
      const { x, y } = batch(train, idx);
      const f = () => meanSquaredError(model.forward(x), y);
      const { value, grads } = tf.variableGrads(f, variables);
      const list = variables.map((v) => grads[v.name]);
      const scale = options.clipNorm === undefined ? 1 : Math.min(1, options.clipNorm / globalNorm(list));
      optimizer.apply(variables, list, scale);
      return value;
    });
    // One small read per batch; the loss is needed for the epoch report anyway.
    total += loss.dataSync()[0] * idx.length;
    loss.dispose();
  }
  return total / train.count;
}

/** Mean squared error of the model on a window set, in batches, without gradients. */
export function evaluateMse(model: TrainableModel, set: WindowSet, batchSize = 512): number {
  let total = 0;
  for (let start = 0; start < set.count; start += batchSize) {
    const end = Math.min(set.count, start + batchSize);
    const idx = Int32Array.from({ length: end - start }, (_, i) => start + i);
    const sse = tf.tidy(() => {
      const { x, y } = batch(set, idx);
      return tf.sum(tf.squaredDifference(model.forward(x), y));
    });
    total += sse.dataSync()[0];
    sse.dispose();
  }
  return total / (set.count * set.horizon);
}

/** Forecasts for every window of a set, [count, horizon] row-major. */
export function predictWindows(model: TrainableModel, set: Omit<WindowSet, 'y'>, batchSize = 512): Float32Array {
  const out = new Float32Array(set.count * set.horizon);
  const row = set.steps * set.features;
  for (let start = 0; start < set.count; start += batchSize) {
    const end = Math.min(set.count, start + batchSize);
    const x = set.x.subarray(start * row, end * row);
    const y = tf.tidy(() => model.forward(tf.tensor3d(x, [end - start, set.steps, set.features])));
    out.set(y.dataSync(), start * set.horizon);
    y.dispose();
  }
  return out;
}

function batch(set: WindowSet, idx: Int32Array): { x: tf.Tensor3D; y: tf.Tensor2D } {
  const row = set.steps * set.features;
  const xb = new Float32Array(idx.length * row);
  const yb = new Float32Array(idx.length * set.horizon);
  for (let i = 0; i < idx.length; i++) {
    const j = idx[i];
    xb.set(set.x.subarray(j * row, (j + 1) * row), i * row);
    yb.set(set.y.subarray(j * set.horizon, (j + 1) * set.horizon), i * set.horizon);
  }
  return {
    x: tf.tensor3d(xb, [idx.length, set.steps, set.features]),
    y: tf.tensor2d(yb, [idx.length, set.horizon]),
  };
}

function globalNorm(grads: tf.Tensor[]): number {
  return Math.sqrt(tf.tidy(() => tf.addN(grads.map((g) => tf.sum(tf.square(g)))).dataSync()[0]));
}

function shuffle(a: Int32Array, rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

function checkSet(set: WindowSet, name: string): void {
  if (set.count < 1) throw new Error(`The ${name} set has no windows`);
  if (set.x.length !== set.count * set.steps * set.features || set.y.length !== set.count * set.horizon) {
    throw new Error(
      `The ${name} set's arrays do not match its shape: x has ${set.x.length} values for ` +
        `${set.count}×${set.steps}×${set.features}, y has ${set.y.length} for ${set.count}×${set.horizon}`,
    );
  }
}
