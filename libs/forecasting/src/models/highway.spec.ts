import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ensureBackend } from '../neural/training/backend-setup';
import type { Network } from '../neural/training/network';
import { Highway } from './highway';
import { LinearNet } from './nlinear.model';

/** A network that answers a constant, so the highway's own part can be read off. */
function constant(value: number, horizon: number): Network {
  const bias = tf.variable(tf.fill([horizon], value));
  return {
    variables: [bias],
    forward: (x) => tf.add(tf.zeros([x.shape[0], horizon]), bias) as tf.Tensor2D,
    dispose: () => bias.dispose(),
  };
}

describe('Highway', () => {
  it('adds a linear map of the whole input window to the network it wraps, and owns both', async () => {
    await ensureBackend();
    const dims = { inputSize: 5, horizon: 3, features: 2 };
    const highway = new Highway(constant(10, 3), dims, 1);
    const linear = new LinearNet(dims, 1 + 7); // the seed the highway gives its linear part
    const x = tf.tensor3d(Array.from({ length: 2 * 5 * 2 }, (_, i) => Math.sin(i)), [2, 5, 2]);
    const expected = tf.add(linear.forward(x), 10).arraySync() as number[][];
    const got = highway.forward(x, false).arraySync() as number[][];
    got.forEach((row, b) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[b][j], 5)));
    expect(highway.variables.map((v) => v.shape)).toEqual([[3], [10, 3], [3]]);
    highway.dispose();
    expect(highway.variables.every((v) => v.isDisposed)).toBe(true);
    linear.dispose();
    x.dispose();
  });
});
