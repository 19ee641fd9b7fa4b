import * as tf from '@tensorflow/tfjs-core';
import type { ModelParams } from '@foretell/contracts';
import { DenseLayer } from '../neural/layers/dense.layer';
import type { Network, NetworkDims } from '../neural/training/network';
import type { ModelCapabilities } from '../core/model';
import { NeuralModel } from '../neural/training/neural-model';
import type { ModelDefaults } from '../neural/training/training-defaults';

/**
 * The moving average of DLinear as a fixed L × L matrix M (trend = x·M): each point averages the `kernel` points
 * centred on it, the series' ends repeated to fill the window (as DLinear pads).
 */
export function movingAverageMatrix(length: number, kernel: number): Float32Array {
  const m = new Float32Array(length * length);
  const half = Math.floor((kernel - 1) / 2);
  for (let i = 0; i < length; i++) {
    for (let k = i - half; k < i - half + kernel; k++) {
      const j = Math.min(length - 1, Math.max(0, k));
      m[j * length + i] += 1 / kernel;
    }
  }
  return m;
}

/** Trend (moving average) and remainder, each through its own linear map to the horizon, summed. */
class DLinearNet implements Network {
  private readonly average: tf.Tensor2D;
  private readonly trend: DenseLayer;
  private readonly remainder: DenseLayer;

  constructor(dims: NetworkDims, seed: number, kernel: number) {
    const L = dims.inputSize;
    this.average = tf.tensor2d(movingAverageMatrix(L, Math.min(kernel, 2 * L - 1)), [L, L]);
    this.trend = new DenseLayer(L, dims.horizon, seed, 'dlinear_trend');
    this.remainder = new DenseLayer(L, dims.horizon, seed + 7919, 'dlinear_remainder');
  }

  forward(x: tf.Tensor3D): tf.Tensor2D {
    const [batch, steps] = x.shape;
    // The target channel only: DLinear is univariate per channel.
    const input = tf.reshape(tf.slice(x, [0, 0, 0], [batch, steps, 1]), [batch, steps]) as tf.Tensor2D;
    const trend = tf.matMul(input, this.average) as tf.Tensor2D;
    return tf.add(this.trend.apply(trend), this.remainder.apply(tf.sub(input, trend) as tf.Tensor2D)) as tf.Tensor2D;
  }

  get variables(): tf.Variable[] {
    return [...this.trend.variables, ...this.remainder.variables];
  }

  dispose(): void {
    this.average.dispose();
    this.trend.dispose();
    this.remainder.dispose();
  }
}

/**
 * DLinear (Zeng et al., 2023): a moving-average decomposition of the input window into trend and remainder, one
 * linear layer each from input to horizon. A cheap, strong reference that many Transformers fail to beat.
 */
export class DLinearModel extends NeuralModel<'dlinear'> {
  readonly kind = 'dlinear' as const;
  /** Its network reads the target channel only (DLinear is univariate per channel), so covariates would be dropped. */
  readonly capabilities: ModelCapabilities = { global: true, covariates: 'none', intervals: 'conformal' };
  protected readonly defaults: ModelDefaults = { learningRate: 5e-3, normalization: 'standard', loss: 'mae', maxInput: 512 };

  constructor(private readonly dlinear: ModelParams<'dlinear'>) {
    super(dlinear);
  }

  protected build(dims: NetworkDims, seed: number): Network {
    return new DLinearNet(dims, seed, this.dlinear.kernelSize);
  }

  protected describe(): Record<string, unknown> {
    return { kernelSize: this.dlinear.kernelSize };
  }
}
