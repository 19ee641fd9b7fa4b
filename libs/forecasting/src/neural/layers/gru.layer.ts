import * as tf from '@tensorflow/tfjs-core';
import { gru, type GruWeights, type RecurrentOptions } from '../ops/recurrent';
import { glorotUniform, orthogonal, seededRandom, variable } from './init';

/** Trainable GRU weights (Glorot kernel, orthogonal recurrent kernel, zero biases), seeded. */
export class GruLayer {
  readonly kernel: tf.Variable;
  readonly recurrentKernel: tf.Variable;
  readonly bias: tf.Variable;
  readonly recurrentBias: tf.Variable;

  constructor(
    readonly inputs: number,
    readonly units: number,
    seed: number,
    name = 'gru',
  ) {
    const rand = seededRandom(seed);
    const g = 3 * units;
    this.kernel = variable(glorotUniform(inputs, g, rand), [inputs, g], `${name}_kernel`);
    this.recurrentKernel = variable(orthogonal(units, g, rand), [units, g], `${name}_recurrent`);
    this.bias = variable(new Float32Array(g), [g], `${name}_bias`);
    this.recurrentBias = variable(new Float32Array(g), [g], `${name}_recurrent_bias`);
  }

  apply(x: tf.Tensor3D, options: RecurrentOptions = {}): tf.Tensor {
    return gru(x, this.weights(), options);
  }

  weights(): GruWeights {
    return {
      kernel: this.kernel as tf.Tensor2D,
      recurrentKernel: this.recurrentKernel as tf.Tensor2D,
      bias: this.bias as tf.Tensor1D,
      recurrentBias: this.recurrentBias as tf.Tensor1D,
    };
  }

  get variables(): tf.Variable[] {
    return [this.kernel, this.recurrentKernel, this.bias, this.recurrentBias];
  }

  dispose(): void {
    for (const v of this.variables) if (!v.isDisposed) v.dispose();
  }
}
