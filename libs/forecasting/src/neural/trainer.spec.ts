import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readColumn } from '../evaluation/datasets.fixture';
import { createAdam } from './adam';
import { initBackend } from './backend';
import { RecurrentNet } from './recurrent-net';
import { evaluateMse, predictWindows, trainWindows, type WindowSet } from './trainer';
import { wasmScratchStats } from './wasm-heap';
import { slidingWindows } from './windows';

/** ETTh2 oil temperature, z-scored with the statistics of the first 8,640 rows (the usual train split). */
function etth2(): Float64Array {
  const ot = readColumn('ETTh2.csv', 7);
  const train = ot.subarray(0, 8640);
  const mean = train.reduce((s, v) => s + v, 0) / train.length;
  const std = Math.sqrt(train.reduce((s, v) => s + (v - mean) ** 2, 0) / train.length);
  return ot.map((v) => (v - mean) / std);
}

/** MSE of repeating the last input value over the horizon. */
function naiveMse(set: WindowSet): number {
  let sse = 0;
  for (let w = 0; w < set.count; w++) {
    const last = set.x[(w + 1) * set.steps - 1];
    for (let h = 0; h < set.horizon; h++) sse += (set.y[w * set.horizon + h] - last) ** 2;
  }
  return sse / (set.count * set.horizon);
}

describe('trainWindows', () => {
  let train: WindowSet;
  let val: WindowSet;
  const net = (seed = 1) => new RecurrentNet({ cell: 'gru', inputs: 1, units: 16, horizon: 12, seed });

  beforeAll(async () => {
    await initBackend('wasm', { log: null });
    const z = etth2();
    train = slidingWindows(z.subarray(0, 8640), 48, 12, { stride: 12 });
    val = slidingWindows(z.subarray(8640, 11520), 48, 12, { stride: 12 });
  });

  it('learns ETTh2 oil temperature better than repeating the last value, and keeps the best epoch', async () => {
    const model = net();
    const result = await trainWindows(model, train, { epochs: 8, batchSize: 32, learningRate: 3e-3, validation: val });
    const mse = evaluateMse(model, val);
    // The best epoch's weights are the ones left in the model.
    expect(mse).toBeCloseTo(Math.min(...result.valLoss), 5);
    expect(result.valLoss[result.bestEpoch]).toBe(Math.min(...result.valLoss));
    expect(mse).toBeLessThan(0.9 * naiveMse(val));
    const forecasts = predictWindows(model, val);
    expect(forecasts).toHaveLength(val.count * 12);
    model.dispose();
  });

  it('is reproducible for a seed and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const runs: number[][] = [];
    for (let i = 0; i < 2; i++) {
      const model = net(7);
      runs.push((await trainWindows(model, train, { epochs: 2, batchSize: 64, seed: 3, validation: val })).loss);
      model.dispose();
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(tf.memory().numTensors).toBe(before);
    expect(wasmScratchStats()).toEqual({ blocks: 0 });
  });

  it('stops early, reports every epoch, and can be aborted', async () => {
    const model = net();
    const reports: number[] = [];
    const result = await trainWindows(model, train, {
      epochs: 50,
      batchSize: 64,
      learningRate: 0.05,
      validation: val,
      patience: 1,
      schedule: (epoch, lr) => lr * 0.5 ** epoch,
      onEpoch: (r) => reports.push(r.learningRate),
    });
    expect(result.stoppedEarly).toBe(true);
    expect(reports.length).toBe(result.loss.length);
    expect(reports[1]).toBeCloseTo(0.025);
    const controller = new AbortController();
    controller.abort();
    await expect(trainWindows(model, train, { epochs: 2, batchSize: 64, signal: controller.signal })).rejects.toThrow(
      /aborted/,
    );
    model.dispose();
  });

  it('rejects window arrays that do not match their shape', async () => {
    const model = net();
    const bad = { ...train, count: train.count + 1 };
    await expect(trainWindows(model, bad, { epochs: 1, batchSize: 8 })).rejects.toThrow(/do not match its shape/);
    model.dispose();
  });
});

describe('createAdam', () => {
  it('takes the same steps as tf.train.adam, gradient scaling included', async () => {
    await initBackend('wasm', { log: null });
    const init = tf.randomNormal([7, 5], 0, 1, 'float32', 1);
    const target = tf.randomNormal([7, 5], 0, 1, 'float32', 2);
    const weights = [tf.variable(init.clone()), tf.variable(init.clone())];
    const optimizers = [createAdam(0.05), createAdam(0.05, { fused: false })];
    for (let step = 0; step < 5; step++) {
      weights.forEach((w, i) => {
        const { grads } = tf.variableGrads(() => tf.sum(tf.square(tf.sub(w, target))), [w]);
        optimizers[i].apply([w], [grads[w.name]], step === 2 ? 0.5 : 1);
        tf.dispose(grads);
      });
    }
    const gap = tf.max(tf.abs(tf.sub(weights[0], weights[1]))).dataSync()[0];
    expect(gap).toBeLessThan(1e-5);
    expect(tf.max(tf.abs(tf.sub(weights[0], init))).dataSync()[0]).toBeGreaterThan(0.1);
    optimizers.forEach((o) => o.dispose());
  });
});
