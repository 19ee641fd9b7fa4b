import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../wasm/backend';
import { gru, gruReference, lstm, type GruWeights, type LstmWeights } from '../ops/recurrent';
import { GruLayer } from './gru.layer';
import { LstmLayer } from './lstm.layer';
import { wasmScratchStats } from '../wasm/heap';

const B = 5;
const T = 7;
const I = 3;
const H = 6;

function randn(shape: number[], seed: number, std = 0.5): tf.Tensor {
  return tf.randomNormal(shape, 0, std, 'float32', seed);
}

/** max |a − b| relative to the reference's scale (≥ 1). */
function gap(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] / Math.max(1, tf.max(tf.abs(b)).dataSync()[0]));
}

/** Loss = Σ y ⊙ probe, so every output element gets its own gradient. */
function probeLoss(y: tf.Tensor, probe: tf.Tensor): tf.Scalar {
  return tf.sum(tf.mul(y, probe));
}

describe('fused recurrent layers on WASM', () => {
  beforeAll(async () => {
    expect(await initBackend('wasm', { log: null })).toBe('wasm');
  });

  for (const returnSequences of [false, true]) {
    it(`LSTM matches tf.layers.lstm, values and gradients (returnSequences ${returnSequences})`, () => {
      const x = tf.variable(randn([B, T, I], 1, 1));
      const probe = randn(returnSequences ? [B, T, H] : [B, H], 2, 1);
      const ref = tfl.layers.lstm({ units: H, recurrentActivation: 'sigmoid', returnSequences });
      ref.apply(x); // builds the weights
      const w = {
        kernel: randn([I, 4 * H], 3),
        recurrentKernel: randn([H, 4 * H], 4),
        bias: randn([4 * H], 5),
      } as LstmWeights;
      ref.setWeights([w.kernel, w.recurrentKernel, w.bias]);
      const refVars = [x, ...ref.trainableWeights.map((v) => v.read() as tf.Variable)];
      const expected = tf.variableGrads(() => probeLoss(ref.apply(x) as tf.Tensor, probe), refVars);

      const actualY = lstm(x as tf.Tensor as tf.Tensor3D, w, { returnSequences });
      const run = (xx: tf.Tensor, k: tf.Tensor, u: tf.Tensor, b: tf.Tensor) =>
        lstm(xx as tf.Tensor3D, { kernel: k, recurrentKernel: u, bias: b } as LstmWeights, { returnSequences });
      const actual = tf.grads((xx: tf.Tensor, k: tf.Tensor, u: tf.Tensor, b: tf.Tensor) =>
        probeLoss(run(xx, k, u, b), probe),
      )([x, w.kernel, w.recurrentKernel, w.bias]);

      expect(gap(actualY, ref.apply(x) as tf.Tensor)).toBeLessThan(1e-5);
      refVars.forEach((v, i) => expect(gap(actual[i], expected.grads[v.name]), v.name).toBeLessThan(1e-4));
      // The gradients are not trivially small.
      expect(tf.max(tf.abs(actual[2])).dataSync()[0]).toBeGreaterThan(1e-2);
    });

    it(`GRU matches the autodiff reference, values and gradients (returnSequences ${returnSequences})`, () => {
      const x = randn([B, T, I], 11, 1);
      const probe = randn(returnSequences ? [B, T, H] : [B, H], 12, 1);
      const w = [randn([I, 3 * H], 13), randn([H, 3 * H], 14), randn([3 * H], 15), randn([3 * H], 16)];
      const weights = (k: tf.Tensor, u: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
        ({ kernel: k, recurrentKernel: u, bias: b, recurrentBias: c }) as GruWeights;
      const run = (fused: boolean) =>
        tf.grads((xx: tf.Tensor, k: tf.Tensor, u: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
          probeLoss(gru(xx as tf.Tensor3D, weights(k, u, b, c), { returnSequences, fused }), probe),
        )([x, ...w]);
      const actual = run(true);
      const expected = run(false);
      const wts = weights(w[0], w[1], w[2], w[3]);
      const x3 = x as tf.Tensor3D;
      expect(gap(gru(x3, wts, { returnSequences }), gruReference(x3, wts, returnSequences))).toBeLessThan(1e-5);
      actual.forEach((g, i) => expect(gap(g, expected[i]), `input ${i}`).toBeLessThan(1e-4));
      expect(tf.max(tf.abs(actual[4])).dataSync()[0]).toBeGreaterThan(1e-2);
    });
  }

  it('GRU reference follows the PyTorch equations (checked by a scalar loop)', () => {
    const x = randn([2, 3, 2], 21, 1);
    const w = {
      kernel: randn([2, 3], 22),
      recurrentKernel: randn([1, 3], 23),
      bias: randn([3], 24),
      recurrentBias: randn([3], 25),
    } as GruWeights;
    const y = gruReference(x as tf.Tensor3D, w, true).dataSync();
    const [xs, k, u, b, c] = [x, w.kernel, w.recurrentKernel, w.bias, w.recurrentBias].map((t) => t.dataSync());
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    for (let n = 0; n < 2; n++) {
      let h = 0;
      for (let t = 0; t < 3; t++) {
        const [x0, x1] = [xs[(n * 3 + t) * 2], xs[(n * 3 + t) * 2 + 1]];
        const pre = (g: number) => x0 * k[g] + x1 * k[3 + g] + b[g];
        const r = sig(pre(0) + h * u[0] + c[0]);
        const z = sig(pre(1) + h * u[1] + c[1]);
        const nn = Math.tanh(pre(2) + r * (h * u[2] + c[2]));
        h = (1 - z) * nn + z * h;
        expect(y[n * 3 + t]).toBeCloseTo(h, 5);
      }
    }
  });

  it('handles one step and a batch of one', () => {
    for (const [b, t] of [[1, 1], [1, 4], [3, 1]]) {
      const x = randn([b, t, 2], 31, 1) as tf.Tensor3D;
      const l = new LstmLayer(2, 3, 1);
      const g = new GruLayer(2, 3, 1);
      expect(gap(l.apply(x), lstm(x, l.weights(), { fused: false }))).toBeLessThan(1e-5);
      expect(gap(g.apply(x), gru(x, g.weights(), { fused: false }))).toBeLessThan(1e-5);
      l.dispose();
      g.dispose();
    }
  });

  it('leaks no tensors and no WASM scratch over forward, backward and an optimiser step', () => {
    const x = randn([8, 12, 2], 41, 1) as tf.Tensor3D;
    const lstmLayer = new LstmLayer(2, 8, 1);
    const gruLayer = new GruLayer(2, 8, 2);
    const opt = tf.train.adam(1e-2);
    const vars = [...lstmLayer.variables, ...gruLayer.variables];
    const step = () => {
      const loss = opt.minimize(
        () => tf.add(tf.sum(lstmLayer.apply(x, { returnSequences: true })), tf.sum(gruLayer.apply(x))) as tf.Scalar,
        true,
        vars,
      );
      if (loss) loss.dispose();
    };
    step(); // creates Adam's slots
    const heapBytes = () => (tf.backend() as unknown as { wasm: { HEAPF32: Float32Array } }).wasm.HEAPF32.byteLength;
    const before = tf.memory();
    const heapBefore = heapBytes();
    for (let i = 0; i < 5; i++) step();
    tf.dispose([lstmLayer.apply(x), gruLayer.apply(x, { returnSequences: true })]);
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    expect(wasmScratchStats()).toEqual({ blocks: 0 });
    expect(heapBytes()).toBe(heapBefore);
    opt.dispose();
    lstmLayer.dispose();
    gruLayer.dispose();
  });
});
