import * as tf from '@tensorflow/tfjs-core';
import { getKernel, registerKernel, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { simdKernels, simdSupported } from '../wasm/simd';
import { withWasmScope } from '../wasm/heap';

/**
 * Mean squared error of predictions against targets, the training loss. On WASM one kernel forward and one backward
 * (simd/kernels.c: mse_fwd, mse_bwd) instead of tfjs' ~10 ops for the loss and its gradient; elsewhere, or with
 * `fused = false`, `tf.mean(tf.squaredDifference(…))`, the reference it is tested against.
 */
export function meanSquaredError(predictions: tf.Tensor, targets: tf.Tensor, fused?: boolean): tf.Scalar {
  if (fused === false || tf.getBackend() !== 'wasm' || !simdSupported()) {
    return tf.mean(tf.squaredDifference(predictions, targets));
  }
  tf.util.assertShapesMatch(predictions.shape, targets.shape, 'meanSquaredError: ');
  registerMseKernels();
  return fusedMse(predictions, targets) as tf.Scalar;
}

const MSE = 'ForetellMse';
const MSE_GRAD = 'ForetellMseGrad';

interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
}

const size = (t: TensorInfo) => t.shape.reduce((a, b) => a * b, 1);

function mse({ inputs, backend }: KernelArgs): TensorInfo {
  const { p, y } = inputs;
  return withWasmScope(backend, (s) => {
    const out = s.output([]);
    simdKernels(s.backend).mse_fwd(s.at(p) * 4, s.at(y) * 4, size(p), out.at * 4);
    return out.info;
  });
}

/** Gradients for the predictions, and zeros for the targets (data; customGrad wants one for every input). */
function mseGrad({ inputs, backend }: KernelArgs): TensorInfo[] {
  const { dy, p, y } = inputs;
  return withWasmScope(backend, (s) => {
    const [dp, dt] = [s.output(p.shape), s.output(y.shape)];
    simdKernels(s.backend).mse_bwd(s.at(p) * 4, s.at(y) * 4, s.at(dy) * 4, dp.at * 4, size(p));
    s.heap.fill(0, dt.at, dt.at + size(y));
    return [dp.info, dt.info];
  });
}

function registerMseKernels(): void {
  if (getKernel(MSE, 'wasm')) return;
  registerKernel({ kernelName: MSE, backendName: 'wasm', kernelFunc: mse as unknown as KernelFunc });
  registerKernel({ kernelName: MSE_GRAD, backendName: 'wasm', kernelFunc: mseGrad as unknown as KernelFunc });
}

const run = (name: string, inputs: tf.NamedTensorMap) => tf.engine().runKernel(name, inputs, {});

const fusedMse = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [p, y] = args as tf.Tensor[];
  (args[2] as tf.GradSaveFunc)([p, y]);
  return {
    value: run(MSE, { p, y }) as tf.Tensor,
    gradFunc: (dy: tf.Tensor, [ps, ys]: tf.Tensor[]) => run(MSE_GRAD, { dy, p: ps, y: ys }) as tf.Tensor[],
  };
});
