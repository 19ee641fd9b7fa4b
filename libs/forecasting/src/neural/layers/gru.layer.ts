import type * as tf from '@tensorflow/tfjs-core';
import { gru, type GruWeights, type RecurrentOptions } from '../ops/recurrent';
import { variable } from './init';
import { RecurrentWeights } from './recurrent-weights';

/** Trainable GRU weights (Glorot kernel, orthogonal recurrent kernel, zero biases), seeded. */
export class GruLayer extends RecurrentWeights {
  readonly recurrentBias: tf.Variable;

  constructor(inputs: number, units: number, seed: number, name = 'gru') {
    super(inputs, units, 3, seed, name, new Float32Array(3 * units));
    this.recurrentBias = variable(new Float32Array(3 * units), [3 * units], `${name}_recurrent_bias`);
  }

  apply(x: tf.Tensor3D, options: RecurrentOptions = {}): tf.Tensor {
    return gru(x, this.weights(), options);
  }

  override weights(): GruWeights {
    return { ...super.weights(), recurrentBias: this.recurrentBias as tf.Tensor1D };
  }

  override get variables(): tf.Variable[] {
    return [...super.variables, this.recurrentBias];
  }
}
