import * as tf from '@tensorflow/tfjs-core';

/** Shapes a network is built for. */
export interface NetworkDims {
  /** Input steps L. */
  inputSize: number;
  /** Output steps H (direct multi-step). */
  horizon: number;
  /** Features per input step (1: the target alone). */
  features: number;
}

/** A trainable window → horizon network; variables are owned by it and freed by `dispose`. */
export interface Network {
  readonly variables: tf.Variable[];
  /** [batch, L, features] → [batch, H]. `training` turns dropout on. */
  forward(x: tf.Tensor3D, training: boolean): tf.Tensor2D;
  dispose(): void;
}

export type WindowNormalization = 'standard' | 'last' | 'none';

/**
 * Per-window normalisation around a network (RevIN without the affine part): the target channel of each input
 * window is shifted by its mean (or last value) and divided by its std, and the output is mapped back. It makes a
 * global network indifferent to each window's level and scale.
 */
export function normalizedForward(
  net: Network,
  x: tf.Tensor3D,
  training: boolean,
  mode: WindowNormalization,
): tf.Tensor2D {
  if (mode === 'none') return net.forward(x, training);
  return tf.tidy(() => {
    const [batch, steps, features] = x.shape;
    const target = tf.slice(x, [0, 0, 0], [batch, steps, 1]);
    let center: tf.Tensor;
    let scale: tf.Tensor | null = null;
    if (mode === 'last') {
      center = tf.slice(target, [0, steps - 1, 0], [batch, 1, 1]);
    } else {
      const moments = tf.moments(target, 1, true);
      center = moments.mean;
      scale = tf.sqrt(tf.add(moments.variance, 1e-5));
    }
    let normalized = tf.sub(target, center);
    if (scale) normalized = tf.div(normalized, scale);
    // Covariate channels pass through unchanged.
    const input = features === 1 ? normalized : tf.concat([normalized, tf.slice(x, [0, 0, 1], [batch, steps, features - 1])], 2);
    let out: tf.Tensor = net.forward(input as tf.Tensor3D, training);
    if (scale) out = tf.mul(out, tf.reshape(scale, [batch, 1]));
    return tf.add(out, tf.reshape(center, [batch, 1])) as tf.Tensor2D;
  });
}

export function parameterCount(variables: readonly tf.Variable[]): number {
  return variables.reduce((n, v) => n + v.size, 0);
}
