import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../wasm/backend';
import { meanSquaredError } from './mse';
import { wasmScratchStats } from '../wasm/heap';

describe('meanSquaredError on WASM', () => {
  beforeAll(async () => {
    expect(await initBackend('wasm', { log: null })).toBe('wasm');
  });

  it('gives the value and gradient of tf.mean(tf.squaredDifference), and leaks nothing', () => {
    // 7 × 5: a length that is not a multiple of 4, so the kernels' tails run too.
    const p = tf.randomNormal([7, 5], 0, 1, 'float32', 1);
    const y = tf.randomNormal([7, 5], 0, 1, 'float32', 2);
    const before = tf.memory().numTensors;
    const grad = (fused: boolean) => tf.valueAndGrad((q: tf.Tensor) => tf.mul(meanSquaredError(q, y, fused), 3))(p);
    const [a, b] = [grad(true), grad(false)];
    expect(Math.abs(a.value.dataSync()[0] - b.value.dataSync()[0])).toBeLessThan(1e-6);
    expect(b.value.dataSync()[0]).toBeGreaterThan(1);
    const gap = tf.tidy(() => tf.max(tf.abs(tf.sub(a.grad, b.grad))).dataSync()[0]);
    expect(gap).toBeLessThan(1e-6);
    tf.dispose([a.value, a.grad, b.value, b.grad]);
    expect(tf.memory().numTensors).toBe(before);
    expect(wasmScratchStats()).toEqual({ blocks: 0 });
    const wrong = tf.zeros([5, 7]);
    expect(() => meanSquaredError(p, wrong)).toThrow(/shape/i);
    tf.dispose([p, y, wrong]);
  });
});
