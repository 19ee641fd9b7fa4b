import * as tf from '@tensorflow/tfjs-core';
import {
  ENCODER_LAYER,
  ENCODER_LAYER_GRAD,
  ENCODER_SAVED,
  registerEncoderLayerKernels,
} from '../wasm/encoder-layer.kernels';
import { simdSupported } from '../wasm/simd';

/**
 * A pre-norm encoder layer as one fused op (encoder-layer.kernels.ts), or `null` where it cannot run (not WASM, no
 * SIMD, `fused = false`): the caller then composes the same layer from transformer.ops, which is also the reference
 * the fused layer is tested against.
 * `weights`: LN1 gamma, beta; Wqkv, bqkv; Wo, bo; LN2 gamma, beta; W1, b1; W2, b2.
 */
export function encoderLayer(
  z: tf.Tensor2D,
  weights: tf.Tensor[],
  tokens: number,
  heads: number,
  fused?: boolean,
): tf.Tensor2D | null {
  if (fused === false || tf.getBackend() !== 'wasm' || !simdSupported()) return null;
  registerEncoderLayerKernels();
  return op(tokens, heads)(z, ...weights) as tf.Tensor2D;
}

const NAMES = ['z', 'g1', 'b1', 'wqkv', 'bqkv', 'wo', 'bo', 'g2', 'b2', 'w1', 'bf1', 'w2', 'bf2'] as const;
const ops = new Map<string, (...inputs: tf.Tensor[]) => tf.Tensor>();

function op(tokens: number, heads: number): (...inputs: tf.Tensor[]) => tf.Tensor {
  const key = `${tokens}:${heads}`;
  let f = ops.get(key);
  if (!f) {
    f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const inputs = args.slice(0, NAMES.length) as tf.Tensor[];
      const save = args[NAMES.length] as tf.GradSaveFunc;
      const named = Object.fromEntries(NAMES.map((n, i) => [n, inputs[i]]));
      const [out, ...saved] = tf.engine().runKernel(ENCODER_LAYER, named, { tokens, heads }) as tf.Tensor[];
      const { g1, wqkv, wo, g2, w1, w2 } = named;
      save([...saved, g1, wqkv, wo, g2, w1, w2]);
      return {
        value: out,
        gradFunc: (dy: tf.Tensor, kept: tf.Tensor[]) => {
          const grads: tf.NamedTensorMap = { dy };
          ENCODER_SAVED.forEach((n, i) => (grads[n] = kept[i]));
          ['g1', 'wqkv', 'wo', 'g2', 'w1', 'w2'].forEach((n, i) => (grads[n] = kept[ENCODER_SAVED.length + i]));
          return tf.engine().runKernel(ENCODER_LAYER_GRAD, grads, { tokens, heads }) as tf.Tensor[];
        },
      };
    }) as (...inputs: tf.Tensor[]) => tf.Tensor;
    ops.set(key, f);
  }
  return f;
}
