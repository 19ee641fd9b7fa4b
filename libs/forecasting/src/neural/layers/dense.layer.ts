import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '@foretell/contracts';
import { glorotUniform, variable } from './init';
import { linear } from '../ops/transformer.ops';

/**
 * y = x·W + b on [batch, inputs]: one untransposed 2-D product with the bias fused (on WASM our gemm_nn, and a
 * backward pass without transposed products: see `linear`). Keras' Glorot-uniform kernel, zero bias.
 */
export class DenseLayer {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;

  constructor(
    readonly inputs: number,
    readonly outputs: number,
    seed: number,
    name = 'dense',
  ) {
    this.kernel = variable(glorotUniform(inputs, outputs, seededRandom(seed)), [inputs, outputs], `${name}_kernel`);
    this.bias = variable(new Float32Array(outputs), [outputs], `${name}_bias`);
  }

  apply(x: tf.Tensor2D, fused?: boolean): tf.Tensor2D {
    return linear(x, this.kernel as tf.Tensor2D, this.bias as tf.Tensor1D, fused);
  }

  get variables(): tf.Variable[] {
    return [this.kernel, this.bias];
  }

  dispose(): void {
    for (const v of this.variables) if (!v.isDisposed) v.dispose();
  }
}
