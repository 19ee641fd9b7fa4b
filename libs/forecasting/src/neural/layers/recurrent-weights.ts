import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '@foretell/contracts';
import { glorotUniform, orthogonal, variable } from './init';

/**
 * The weights every recurrent layer has, seeded: a Glorot-uniform input kernel [inputs, G] and an orthogonal
 * recurrent kernel [units, G] (G = gates · units, drawn in that order from one generator), and an input bias.
 */
export abstract class RecurrentWeights {
  readonly kernel: tf.Variable;
  readonly recurrentKernel: tf.Variable;
  readonly bias: tf.Variable;

  constructor(
    readonly inputs: number,
    readonly units: number,
    gates: number,
    seed: number,
    name: string,
    bias: Float32Array,
  ) {
    const rand = seededRandom(seed);
    const g = gates * units;
    this.kernel = variable(glorotUniform(inputs, g, rand), [inputs, g], `${name}_kernel`);
    this.recurrentKernel = variable(orthogonal(units, g, rand), [units, g], `${name}_recurrent`);
    this.bias = variable(bias, [g], `${name}_bias`);
  }

  /** The weights as the recurrent ops read them (LSTM's all; a GRU adds its recurrent bias). */
  weights(): { kernel: tf.Tensor2D; recurrentKernel: tf.Tensor2D; bias: tf.Tensor1D } {
    return { kernel: this.kernel as tf.Tensor2D, recurrentKernel: this.recurrentKernel as tf.Tensor2D, bias: this.bias as tf.Tensor1D };
  }

  get variables(): tf.Variable[] {
    return [this.kernel, this.recurrentKernel, this.bias];
  }

  dispose(): void {
    for (const v of this.variables) if (!v.isDisposed) v.dispose();
  }
}
