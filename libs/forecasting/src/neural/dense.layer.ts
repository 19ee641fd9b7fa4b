import * as tf from '@tensorflow/tfjs-core';
import { glorotUniform, seededRandom, variable } from './init';
import { linear } from './transformer.ops';

/**
 * Weight initialisation: Keras' Glorot-uniform kernel with zero bias, or PyTorch's `nn.Linear` default (kernel and
 * bias uniform in ±1/√inputs), which a PyTorch model being reproduced expects.
 */
export type DenseInit = 'glorot' | 'torch';

/**
 * y = x·W + b on [batch, inputs]: one untransposed 2-D product with the bias fused (on WASM our gemm_nn, and a
 * backward pass without transposed products: see `linear`).
 */
export class DenseLayer {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;

  constructor(
    readonly inputs: number,
    readonly outputs: number,
    seed: number,
    name = 'dense',
    init: DenseInit = 'glorot',
  ) {
    const rand = seededRandom(seed);
    const uniform = (n: number, limit: number) => Float32Array.from({ length: n }, () => (2 * rand() - 1) * limit);
    const torchLimit = 1 / Math.sqrt(inputs);
    const kernel = init === 'glorot' ? glorotUniform(inputs, outputs, rand) : uniform(inputs * outputs, torchLimit);
    const bias = init === 'glorot' ? new Float32Array(outputs) : uniform(outputs, torchLimit);
    this.kernel = variable(kernel, [inputs, outputs], `${name}_kernel`);
    this.bias = variable(bias, [outputs], `${name}_bias`);
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
