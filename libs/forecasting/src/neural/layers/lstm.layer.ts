import type * as tf from '@tensorflow/tfjs-core';
import { lstm, type RecurrentOptions } from '../ops/recurrent';
import { RecurrentWeights } from './recurrent-weights';

/** Trainable LSTM weights with Keras-style initialisation (forget-gate bias 1), seeded. */
export class LstmLayer extends RecurrentWeights {
  constructor(inputs: number, units: number, seed: number, name = 'lstm') {
    super(inputs, units, 4, seed, name, new Float32Array(4 * units).fill(1, units, 2 * units));
  }

  apply(x: tf.Tensor3D, options: RecurrentOptions = {}): tf.Tensor {
    return lstm(x, this.weights(), options);
  }
}
