import * as tf from '@tensorflow/tfjs-core';
import type { Network, NetworkDims } from '../neural/training/network';
import { LinearNet } from './nlinear.model';

/**
 * LSTNet's highway (Lai et al., 2018, "Modeling Long- and Short-Term Temporal Patterns"): a linear map from the
 * input window to the horizon, added to a network's output. The linear part carries what a lag of the window says
 * directly (the daily and weekly profile of hourly data); the network learns what it misses.
 */
export class Highway implements Network {
  private readonly linear: LinearNet;

  constructor(
    private readonly inner: Network,
    dims: NetworkDims,
    seed: number,
  ) {
    this.linear = new LinearNet(dims, seed + 7);
  }

  forward(x: tf.Tensor3D, training: boolean): tf.Tensor2D {
    return tf.add(this.inner.forward(x, training), this.linear.forward(x));
  }

  get variables(): tf.Variable[] {
    return [...this.inner.variables, ...this.linear.variables];
  }

  dispose(): void {
    this.inner.dispose();
    this.linear.dispose();
  }
}

/** `net` with a highway where `on`. */
export function withHighway(net: Network, dims: NetworkDims, seed: number, on: boolean | undefined): Network {
  return on ? new Highway(net, dims, seed) : net;
}
