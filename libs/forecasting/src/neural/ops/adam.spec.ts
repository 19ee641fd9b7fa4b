import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createAdam } from './adam';
import { initBackend } from '../wasm/backend';

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
