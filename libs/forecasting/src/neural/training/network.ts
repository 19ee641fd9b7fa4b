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
 * global network indifferent to each window's level and scale. The first `normalized` channels (the target and the
 * past covariates) are normalised so, each with its own statistics; the others (future covariates) pass through.
 */
export function normalizedForward(
  net: Network,
  x: tf.Tensor3D,
  training: boolean,
  mode: WindowNormalization,
  normalized = 1,
): tf.Tensor2D {
  if (mode === 'none') return net.forward(x, training);
  return tf.tidy(() => {
    const [batch, steps, features] = x.shape;
    const k = normalized;
    const measured = tf.slice(x, [0, 0, 0], [batch, steps, k]);
    let center: tf.Tensor;
    let scale: tf.Tensor | null = null;
    if (mode === 'last') {
      center = tf.slice(measured, [0, steps - 1, 0], [batch, 1, k]);
    } else {
      const moments = tf.moments(measured, 1, true);
      center = moments.mean;
      scale = tf.sqrt(tf.add(moments.variance, 1e-5));
    }
    let input: tf.Tensor = tf.sub(measured, center);
    if (scale) input = tf.div(input, scale);
    if (features > k) input = tf.concat([input, tf.slice(x, [0, 0, k], [batch, steps, features - k])], 2);
    // The output is in the target's units: map it back with the target channel's statistics.
    const ofTarget = (t: tf.Tensor) => tf.reshape(k === 1 ? t : tf.slice(t, [0, 0, 0], [batch, 1, 1]), [batch, 1]);
    let out: tf.Tensor = net.forward(input as tf.Tensor3D, training);
    if (scale) out = tf.mul(out, ofTarget(scale));
    return tf.add(out, ofTarget(center)) as tf.Tensor2D;
  });
}

export function parameterCount(variables: readonly tf.Variable[]): number {
  return variables.reduce((n, v) => n + v.size, 0);
}
