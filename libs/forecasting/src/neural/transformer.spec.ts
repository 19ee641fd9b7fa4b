import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { PatchTransformer } from './patch-transformer';
import { gelu, layerNorm, linear, selfAttention } from './transformer.ops';
import { wasmScratchStats } from './wasm-heap';

const randn = (shape: number[], seed: number, std = 1) => tf.randomNormal(shape, 0, std, 'float32', seed);

/** max |a − b| relative to the reference's scale (≥ 1). */
function gap(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] / Math.max(1, tf.max(tf.abs(b)).dataSync()[0]));
}

/** Values and the gradients of Σ f(inputs) ⊙ probe, fused and reference, must agree to 1e-4. */
function expectSame(f: (fused: boolean, ...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], seed: number): void {
  const yRef = f(false, ...inputs);
  const probe = randn(yRef.shape, seed);
  const grads = (fused: boolean) => tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(fused, ...xs), probe)))(inputs);
  expect(gap(f(true, ...inputs), yRef)).toBeLessThan(1e-5);
  const [actual, expected] = [grads(true), grads(false)];
  actual.forEach((g, i) => {
    expect(gap(g, expected[i]), `gradient ${i}`).toBeLessThan(1e-4);
    expect(tf.max(tf.abs(expected[i])).dataSync()[0], `gradient ${i} is not trivial`).toBeGreaterThan(1e-3);
  });
}

describe('fused Transformer ops on WASM', () => {
  beforeAll(async () => {
    expect(await initBackend('wasm', { log: null })).toBe('wasm');
  });

  it('linear: wide and narrow outputs (both weight-gradient orders)', () => {
    const f = (fused: boolean, x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
      linear(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, fused);
    expectSame(f, [randn([13, 6], 1), randn([6, 10], 2), randn([10], 3)], 4);
    expectSame(f, [randn([13, 10], 5), randn([10, 3], 6), randn([3], 7)], 8);
  });

  it('layer norm, with a width that is not a multiple of 4', () => {
    const f = (fused: boolean, x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      layerNorm(x as tf.Tensor2D, g as tf.Tensor1D, b as tf.Tensor1D, fused);
    expectSame(f, [randn([9, 8], 11, 3), randn([8], 12), randn([8], 13)], 14);
    expectSame(f, [randn([5, 7], 15, 3), randn([7], 16), randn([7], 17)], 18);
  });

  it('GELU', () => {
    expectSame((fused, x) => gelu(x, fused), [randn([7, 9], 21, 2)], 22);
  });

  it('self-attention, several heads, odd head width', () => {
    const f = (tokens: number, heads: number) => (fused: boolean, qkv: tf.Tensor) =>
      selfAttention(qkv as tf.Tensor2D, tokens, heads, fused);
    expectSame(f(5, 2), [randn([3 * 5, 3 * 8], 31)], 32);
    expectSame(f(4, 3), [randn([2 * 4, 3 * 9], 33)], 34);
    // The kernels' wide paths: 12 score columns and 16 value columns at a time, then their tails.
    expectSame(f(11, 4), [randn([2 * 11, 3 * 64], 36)], 37);
    expectSame(f(13, 2), [randn([2 * 13, 3 * 40], 38)], 39);
    expect(() => selfAttention(randn([10, 12], 35) as tf.Tensor2D, 3, 2)).toThrow(/does not split/);
  });

  it('the patch Transformer gives the same values and gradients fused and unfused, and leaks nothing', () => {
    const config = { steps: 24, horizon: 6, patch: 8, stride: 4, dModel: 12, heads: 3, ff: 20, layers: 2, seed: 3 };
    const fusedNet = new PatchTransformer(config);
    const plainNet = new PatchTransformer({ ...config, fused: false });
    const x = randn([5, 24, 1], 41) as tf.Tensor3D;
    const y = randn([5, 6], 42);
    const loss = (net: PatchTransformer) => () => tf.losses.meanSquaredError(y, net.forward(x)) as tf.Scalar;
    const a = tf.variableGrads(loss(fusedNet), fusedNet.variables);
    const b = tf.variableGrads(loss(plainNet), plainNet.variables);
    expect(Math.abs(a.value.dataSync()[0] - b.value.dataSync()[0])).toBeLessThan(1e-5);
    fusedNet.variables.forEach((v, i) => {
      expect(gap(a.grads[v.name], b.grads[plainNet.variables[i].name]), v.name).toBeLessThan(1e-4);
    });
    tf.dispose([a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads)]);

    const opt = tf.train.adam(1e-3);
    const step = () => opt.minimize(loss(fusedNet), false, fusedNet.variables);
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    tf.dispose(fusedNet.forward(x));
    expect(tf.memory().numTensors).toBe(before);
    expect(wasmScratchStats()).toEqual({ blocks: 0 });
    opt.dispose();
    fusedNet.dispose();
    plainNet.dispose();
  });

  it('embeds patches of windows with several features as the gathered reference does', () => {
    const config = { steps: 20, features: 2, horizon: 4, patch: 6, stride: 3, dModel: 8, heads: 2, ff: 8, layers: 1 };
    const [fusedNet, plainNet] = [true, false].map((fused) => new PatchTransformer({ ...config, seed: 5, fused }));
    const x = randn([3, 20, 2], 51) as tf.Tensor3D;
    const y = randn([3, 4], 52);
    const loss = (net: PatchTransformer) => () => tf.losses.meanSquaredError(y, net.forward(x)) as tf.Scalar;
    const a = tf.variableGrads(loss(fusedNet), fusedNet.variables);
    const b = tf.variableGrads(loss(plainNet), plainNet.variables);
    expect(Math.abs(a.value.dataSync()[0] - b.value.dataSync()[0])).toBeLessThan(1e-5);
    fusedNet.variables.forEach((v, i) => {
      expect(gap(a.grads[v.name], b.grads[plainNet.variables[i].name]), v.name).toBeLessThan(1e-4);
    });
    tf.dispose([x, y, a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads)]);
    fusedNet.dispose();
    plainNet.dispose();
  });
});
