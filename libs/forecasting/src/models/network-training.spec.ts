import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readColumn } from '../core/datasets.fixture';
import { initBackend } from '../neural/wasm/backend';
import type { Network } from '../neural/training/network';
import { scaleSeries, type Origins } from '../neural/training/series-windows';
import { evaluateLoss, trainLoop, type LoopData, type LoopSettings } from '../neural/training/train-loop';
import { wasmScratchStats } from '../neural/wasm/heap';
import { RecurrentDirectNet } from './lstm.model';
import { PatchTransformerNet, planPatches } from './transformer.model';
import { parseModelParams } from './model-kinds';

/**
 * The training loop runs train, on the networks they train (what bench/train-speed.ts times): ETTh2 oil temperature,
 * z-scored with the statistics of its first 8,640 rows (the usual train split), windows of 48 steps → 12.
 */
const L = 48;
const H = 12;

function origins(first: number, last: number, stride: number): Origins {
  const t = Int32Array.from({ length: Math.floor((last - first) / stride) + 1 }, (_, i) => first + i * stride);
  return { series: new Int32Array(t.length), t, count: t.length };
}

const settings = (over: Partial<LoopSettings> = {}): LoopSettings => ({
  inputSize: L,
  horizon: H,
  epochs: 8,
  patience: 0,
  batchSize: 32,
  windowsPerEpoch: 704,
  learningRate: 3e-3,
  loss: 'mse',
  normalization: 'none',
  schedule: 'plateau',
  sampling: 'windows',
  seed: 0,
  ...over,
});

const gru = (seed = 1): Network => new RecurrentDirectNet('gru', { inputSize: L, horizon: H, features: 1 }, 16, 1, 1, seed);
const transformer = (seed = 1): Network => {
  const params = parseModelParams({ kind: 'transformer', params: { dModel: 8, heads: 2, layers: 2, feedForward: 16, dropout: 0 } });
  return new PatchTransformerNet({ inputSize: L, horizon: H, features: 1 }, planPatches(L, 8, 4), params, seed);
};

/** MSE of repeating the last input value over the horizon. */
function naiveMse(data: LoopData, o: Origins): number {
  const v = data.series[0].values;
  let sse = 0;
  for (let w = 0; w < o.count; w++) for (let j = 0; j < H; j++) sse += (v[o.t[w] + j] - v[o.t[w] - 1]) ** 2;
  return sse / (o.count * H);
}

describe('trainLoop on the production networks', () => {
  let data: LoopData;

  beforeAll(async () => {
    await initBackend('wasm', { log: null });
    const ot = readColumn('ETTh2.csv', 7).subarray(0, 11520);
    data = { series: [scaleSeries(ot, 8640, 'std')], train: origins(L, 8640 - H, 12), validation: origins(8640 + L, 11520 - H, 12) };
  });

  it('learns ETTh2 oil temperature better than repeating the last value, and keeps the best epoch', async () => {
    const net = gru();
    const result = await trainLoop(net, data, settings());
    const losses = result.epochs.map((e) => e.valLoss ?? NaN);
    const mse = evaluateLoss(net, data, data.validation, settings());
    // The best epoch's weights are the ones left in the network.
    expect(mse).toBeCloseTo(Math.min(...losses), 5);
    expect(losses[result.bestEpoch]).toBe(Math.min(...losses));
    expect(mse).toBeLessThan(0.9 * naiveMse(data, data.validation));
    net.dispose();
  });

  it.each([
    ['GRU', gru],
    ['patch Transformer', transformer],
  ])('%s: repeats exactly for a seed and leaks no tensor or WASM scratch', async (_name, build) => {
    const before = tf.memory().numTensors;
    const runs: number[][] = [];
    for (let i = 0; i < 2; i++) {
      const net = build(7);
      runs.push((await trainLoop(net, data, settings({ epochs: 2, batchSize: 64, seed: 3 }))).epochs.map((e) => e.loss));
      net.dispose();
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(tf.memory().numTensors).toBe(before);
    expect(wasmScratchStats()).toEqual({ blocks: 0 });
  });

  it('stops early, reports every epoch, can be aborted, and needs training windows', async () => {
    const net = gru();
    const reports: number[] = [];
    const result = await trainLoop(net, data, settings({ epochs: 50, learningRate: 0.05, patience: 1 }), {
      onEpoch: (r) => reports.push(r.epoch),
    });
    expect(result.stoppedEarly).toBe(true);
    expect(reports).toEqual(result.epochs.map((e) => e.epoch));
    expect(result.epochs.length).toBeLessThan(50);
    const controller = new AbortController();
    controller.abort();
    await expect(trainLoop(net, data, settings({ epochs: 2 }), { signal: controller.signal })).rejects.toThrow(/abort/i);
    const empty = { series: new Int32Array(0), t: new Int32Array(0), count: 0 };
    await expect(trainLoop(net, { ...data, train: empty }, settings())).rejects.toThrow(/no training windows/);
    net.dispose();
  });
});
