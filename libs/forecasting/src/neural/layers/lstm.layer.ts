import * as tf from '@tensorflow/tfjs-core';
import { lstm, type LstmWeights, type RecurrentOptions } from '../ops/recurrent';
import { glorotUniform, orthogonal, seededRandom, variable } from './init';

/** Trainable LSTM weights with Keras-style initialisation (forget-gate bias 1), seeded. */
export class LstmLayer {
  readonly kernel: tf.Variable;
  readonly recurrentKernel: tf.Variable;
  readonly bias: tf.Variable;

  constructor(
    readonly inputs: number,
    readonly units: number,
    seed: number,
    name = 'lstm',
  ) {
    const rand = seededRandom(seed);
    const g = 4 * units;
    const bias = new Float32Array(g);
    bias.fill(1, units, 2 * units);
    this.kernel = variable(glorotUniform(inputs, g, rand), [inputs, g], `${name}_kernel`);
    this.recurrentKernel = variable(orthogonal(units, g, rand), [units, g], `${name}_recurrent`);
    this.bias = variable(bias, [g], `${name}_bias`);
  }

  apply(x: tf.Tensor3D, options: RecurrentOptions = {}): tf.Tensor {
    return lstm(x, this.weights(), options);
  }

  weights(): LstmWeights {
    return {
      kernel: this.kernel as tf.Tensor2D,
      recurrentKernel: this.recurrentKernel as tf.Tensor2D,
      bias: this.bias as tf.Tensor1D,
    };
  }

  get variables(): tf.Variable[] {
    return [this.kernel, this.recurrentKernel, this.bias];
  }

  dispose(): void {
    for (const v of this.variables) if (!v.isDisposed) v.dispose();
  }
}
