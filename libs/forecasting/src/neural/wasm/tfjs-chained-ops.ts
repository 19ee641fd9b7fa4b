import * as tf from '@tensorflow/tfjs-core';

/**
 * Registers tfjs' chained tensor methods (`t.flatten()`, `t.add(u)`, …) for the CommonJS build of tfjs-core, which
 * leaves them out: the `@tensorflow/tfjs` bundle registers them from ESM files that cannot be `require`d, and
 * tfjs-layers calls them (its orthogonal initialiser uses `flatten`). Same list and semantics as tfjs-core 4.22's
 * `public/chained_ops`; methods already present are left alone.
 */
const PLAIN = [
  'abs acos acosh add all any argMax argMin asin asinh atan atan2 atanh avgPool batchNorm',
  'batchToSpaceND broadcastTo cast ceil clipByValue conv1d conv2d conv2dTranspose cos cosh cumprod',
  'cumsum depthToSpace depthwiseConv2d dilation2d div divNoNan dot elu equal erf euclideanNorm exp',
  'expandDims expm1 fft floor floorDiv gather greater greaterEqual ifft irfft isFinite isInf isNaN',
  'leakyRelu less lessEqual localResponseNormalization log log1p logSigmoid logSoftmax logSumExp',
  'logicalAnd logicalNot logicalOr logicalXor matMul max maxPool maximum mean min minimum mirrorPad mod',
  'mul neg norm notEqual oneHot onesLike pad pool pow prelu prod reciprocal relu relu6 reshape reverse',
  'rfft round rsqrt selu separableConv2d sigmoid sign sin sinh slice softmax softplus spaceToBatchND',
  'split sqrt square squaredDifference squeeze step stridedSlice sub sum tan tanh tile topk transpose',
  'unique unsortedSegmentSum unstack zerosLike',
]
  .join(' ')
  .split(' ');

type Method = (this: tf.Tensor, ...args: never[]) => unknown;

const SPECIAL: Record<string, Method> = {
  as1D() {
    return tf.reshape(this, [this.size]);
  },
  as2D(rows: number, cols: number) {
    return tf.reshape(this, [rows, cols]);
  },
  as3D(a: number, b: number, c: number) {
    return tf.reshape(this, [a, b, c]);
  },
  as4D(a: number, b: number, c: number, d: number) {
    return tf.reshape(this, [a, b, c, d]);
  },
  as5D(a: number, b: number, c: number, d: number, e: number) {
    return tf.reshape(this, [a, b, c, d, e]);
  },
  asScalar() {
    if (this.size !== 1) throw new Error('The array must have only 1 element.');
    return tf.reshape(this, []);
  },
  asType(dtype: tf.DataType) {
    return tf.cast(this, dtype);
  },
  concat(x: tf.Tensor | tf.Tensor[], axis?: number) {
    return tf.concat([this, ...(x instanceof tf.Tensor ? [x] : x)], axis);
  },
  flatten() {
    return tf.reshape(this, [this.size]);
  },
  reshapeAs(x: tf.Tensor) {
    return tf.reshape(this, x.shape);
  },
  resizeBilinear(...args: never[]) {
    return (tf.image.resizeBilinear as (...a: unknown[]) => tf.Tensor)(this, ...args);
  },
  resizeNearestNeighbor(...args: never[]) {
    return (tf.image.resizeNearestNeighbor as (...a: unknown[]) => tf.Tensor)(this, ...args);
  },
  stack(x: tf.Tensor | tf.Tensor[], axis?: number) {
    return tf.stack([this, ...(x instanceof tf.Tensor ? [x] : x)], axis);
  },
  toBool() {
    return tf.cast(this, 'bool');
  },
  toFloat() {
    return tf.cast(this, 'float32');
  },
  toInt() {
    return tf.cast(this, 'int32');
  },
  where(condition: tf.Tensor, x: tf.Tensor) {
    return tf.where(condition, this, x);
  },
};

export function registerChainedOps(): void {
  const proto = tf.Tensor.prototype as unknown as Record<string, unknown>;
  const ops = tf as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const name of PLAIN) {
    if (typeof proto[name] === 'function' || typeof ops[name] !== 'function') continue;
    proto[name] = function (this: tf.Tensor, ...args: unknown[]) {
      this.throwIfDisposed();
      return ops[name](this, ...args);
    };
  }
  for (const [name, method] of Object.entries(SPECIAL)) {
    if (typeof proto[name] === 'function') continue;
    proto[name] = function (this: tf.Tensor, ...args: never[]) {
      this.throwIfDisposed();
      return method.apply(this, args);
    };
  }
}
