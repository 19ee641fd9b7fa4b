import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../wasm/backend';
import { encoderLayer } from './encoder-layer';
import { gelu, layerNorm, linear, selfAttention } from './transformer.ops';
import { wasmScratchStats } from '../wasm/heap';

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

  it('a whole encoder layer as one fused op gives the values and gradients of the same layer composed of plain ops', () => {
    const [tokens, heads, d, ff] = [6, 3, 12, 20];
    const layerOf = (fused: boolean, z: tf.Tensor, ...w: tf.Tensor[]) => {
      const whole = encoderLayer(z as tf.Tensor2D, w, tokens, heads, fused);
      if (whole) return whole;
      const [g1, b1, wqkv, bqkv, wo, bo, g2, b2, w1, bf1, w2, bf2] = w as [tf.Tensor1D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D];
      const attended = selfAttention(linear(layerNorm(z as tf.Tensor2D, g1, b1, false), wqkv, bqkv, false), tokens, heads, false);
      const z1 = tf.add(z, linear(attended, wo, bo, false)) as tf.Tensor2D;
      const hidden = gelu(linear(layerNorm(z1, g2, b2, false), w1, bf1, false), false);
      return tf.add(z1, linear(hidden, w2, bf2, false));
    };
    const shapes = [[d], [d], [d, 3 * d], [3 * d], [d, d], [d], [d], [d], [d, ff], [ff], [ff, d], [d]];
    const weights = shapes.map((shape, i) => randn(shape, 60 + i, 0.3));
    const z = randn([4 * tokens, d], 59);
    // On WASM with SIMD (checked in beforeAll) the fused op runs: the comparison is not plain ops against themselves.
    const whole = encoderLayer(z as tf.Tensor2D, weights, tokens, heads);
    expect(whole).not.toBeNull();
    tf.dispose(whole ?? []);
    expectSame(layerOf, [z, ...weights], 58);
    expect(wasmScratchStats()).toEqual({ blocks: 0 });
  });
});
