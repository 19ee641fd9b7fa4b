import * as tf from '@tensorflow/tfjs-core';
import type { ModelParams } from '@foretell/contracts';
import { DenseLayer } from '../neural/layers/dense.layer';
import type { Network, NetworkDims } from '../neural/training/network';
import { NeuralModel } from '../neural/training/neural-model';
import type { ModelDefaults } from '../neural/training/training-defaults';

/** One linear map from the input window to the horizon (all input channels flattened). */
export class LinearNet implements Network {
  private readonly dense: DenseLayer;

  constructor(dims: NetworkDims, seed: number) {
    this.dense = new DenseLayer(dims.inputSize * dims.features, dims.horizon, seed, 'linear');
  }

  forward(x: tf.Tensor3D): tf.Tensor2D {
    const [batch, steps, features] = x.shape;
    return this.dense.apply(tf.reshape(x, [batch, steps * features]));
  }

  get variables(): tf.Variable[] {
    return this.dense.variables;
  }

  dispose(): void {
    this.dense.dispose();
  }
}

/**
 * NLinear (Zeng et al., "Are Transformers Effective for Time Series Forecasting?", 2023): subtract the window's
 * last value, one linear layer from input to horizon, add the last value back. The subtraction is the `last`
 * window normalisation of the training framework, so the network itself is a single dense layer.
 */
export class NLinearModel extends NeuralModel<'nlinear'> {
  readonly kind = 'nlinear' as const;
  protected readonly defaults: ModelDefaults = { learningRate: 5e-3, normalization: 'last', loss: 'mae', maxInput: 512 };

  constructor(params: ModelParams<'nlinear'>) {
    super(params);
  }

  protected build(dims: NetworkDims, seed: number): Network {
    return new LinearNet(dims, seed);
  }
}
