import * as tf from '@tensorflow/tfjs-core';
import { simdSupported } from '../wasm/simd';
import {
  ATTENTION,
  ATTENTION_GRAD,
  GELU,
  GELU_GRAD,
  LAYER_NORM,
  LAYER_NORM_GRAD,
  LINEAR,
  LINEAR_GRAD,
  registerTransformerKernels,
} from '../wasm/transformer.kernels';

/**
 * Transformer building blocks on 2-D token matrices [batch · tokens, features]. On the WASM backend each is one
 * kernel forward and one backward (transformer.kernels.ts) under `tf.customGrad`; elsewhere, or with
 * `fused = false`, plain tfjs ops with autodiff, which are also the references the fused ones are tested against.
 */

function useFused(fused: boolean | undefined): boolean {
  if (fused === false || tf.getBackend() !== 'wasm' || !simdSupported()) return false;
  registerTransformerKernels();
  return true;
}

const run = (name: string, inputs: tf.NamedTensorMap, attrs: Record<string, number> = {}) =>
  tf.engine().runKernel(name, inputs, attrs) as tf.Tensor | tf.Tensor[];

/** x·W + b for x [rows, in], W [in, out], b [out]. */
export function linear(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, fused?: boolean): tf.Tensor2D {
  if (!useFused(fused)) return tf.fused.matMul({ a: x, b: kernel, bias }) as tf.Tensor2D;
  return fusedLinear(x, kernel, bias) as tf.Tensor2D;
}

const fusedLinear = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, kernel, bias] = args as tf.Tensor2D[];
  (args[3] as tf.GradSaveFunc)([x, kernel]);
  return {
    value: run(LINEAR, { x, kernel, bias }) as tf.Tensor,
    gradFunc: (dy: tf.Tensor, [xs, k]: tf.Tensor[]) => run(LINEAR_GRAD, { dy, x: xs, kernel: k }) as tf.Tensor[],
  };
});

/** Normalises each row to zero mean and unit variance, then scales by gamma and shifts by beta. */
export function layerNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, fused?: boolean): tf.Tensor2D {
  if (!useFused(fused)) return layerNormReference(x, gamma, beta);
  return fusedLayerNorm(x, gamma, beta) as tf.Tensor2D;
}

const EPSILON = 1e-5;

const fusedLayerNorm = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, gamma, beta] = args as tf.Tensor[];
  const [y, xhat, rstd] = run(LAYER_NORM, { x, gamma, beta }, { epsilon: EPSILON }) as tf.Tensor[];
  (args[3] as tf.GradSaveFunc)([xhat, rstd, gamma]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor, [xh, rs, g]: tf.Tensor[]) =>
      run(LAYER_NORM_GRAD, { dy, xhat: xh, rstd: rs, gamma: g }) as tf.Tensor[],
  };
});

export function layerNormReference(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    const xhat = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, EPSILON)));
    return tf.add(tf.mul(xhat, gamma), beta) as tf.Tensor2D;
  });
}

/** GELU, tanh form (as in BERT, GPT-2 and PatchTST's default). */
export function gelu<T extends tf.Tensor>(x: T, fused?: boolean): T {
  if (!useFused(fused)) return geluReference(x);
  return fusedGelu(x) as T;
}

const fusedGelu = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor;
  (args[1] as tf.GradSaveFunc)([x]);
  return {
    value: run(GELU, { x }) as tf.Tensor,
    gradFunc: (dy: tf.Tensor, [xs]: tf.Tensor[]) => run(GELU_GRAD, { dy, x: xs }) as tf.Tensor,
  };
});

export function geluReference<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => {
    const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.mul(x, tf.square(x)))));
    return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner))) as T;
  });
}

/**
 * Multi-head scaled dot-product self-attention (no mask) from the fused projection qkv [batch · tokens, 3·d]
 * (columns q | k | v, heads side by side in each) to [batch · tokens, d], heads side by side: the layout the output
 * projection takes without a transpose.
 */
export function selfAttention(qkv: tf.Tensor2D, tokens: number, heads: number, fused?: boolean): tf.Tensor2D {
  const d = qkv.shape[1] / 3;
  if (!Number.isInteger(d) || d % heads !== 0 || qkv.shape[0] % tokens !== 0) {
    throw new RangeError(`selfAttention: qkv ${qkv.shape} does not split into ${tokens} tokens × 3 × ${heads} heads`);
  }
  if (!useFused(fused)) return attentionReference(qkv, tokens, heads);
  return fusedAttention(tokens, heads)(qkv) as tf.Tensor2D;
}

const attentionOps = new Map<string, (qkv: tf.Tensor) => tf.Tensor>();

function fusedAttention(tokens: number, heads: number): (qkv: tf.Tensor) => tf.Tensor {
  const key = `${tokens}:${heads}`;
  let op = attentionOps.get(key);
  if (!op) {
    op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const qkv = args[0] as tf.Tensor;
      const [o, probs] = run(ATTENTION, { qkv }, { tokens, heads }) as tf.Tensor[];
      (args[1] as tf.GradSaveFunc)([qkv, probs]);
      return {
        value: o,
        gradFunc: (dy: tf.Tensor, [q, p]: tf.Tensor[]) => run(ATTENTION_GRAD, { dy, qkv: q, probs: p }) as tf.Tensor,
      };
    }) as (qkv: tf.Tensor) => tf.Tensor;
    attentionOps.set(key, op);
  }
  return op;
}

export function attentionReference(qkv: tf.Tensor2D, tokens: number, heads: number): tf.Tensor2D {
  return tf.tidy(() => {
    const d = qkv.shape[1] / 3;
    const dk = d / heads;
    const batch = qkv.shape[0] / tokens;
    // [batch, tokens, 3, heads, dk] → three [batch, heads, tokens, dk]
    const parts = tf.unstack(tf.transpose(tf.reshape(qkv, [batch, tokens, 3, heads, dk]), [2, 0, 3, 1, 4]));
    const [q, k, v] = parts as tf.Tensor4D[];
    const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dk));
    const o = tf.matMul(tf.softmax(scores), v);
    return tf.reshape(tf.transpose(o, [0, 2, 1, 3]), [batch * tokens, d]) as tf.Tensor2D;
  });
}
