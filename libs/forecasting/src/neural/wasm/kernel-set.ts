import { getKernel, registerKernel, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmScope } from './heap';
import { simdKernels } from './simd';

/** What tfjs hands one of our WASM kernels. */
export interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs?: NamedAttrMap;
}

export type WasmKernel = (args: KernelArgs) => TensorInfo | TensorInfo[];

/** Registers kernels (name → function) for the WASM backend, once: a set whose first name is known is left alone. */
export function registerWasmKernels(kernels: readonly (readonly [string, WasmKernel])[]): void {
  if (kernels.length === 0 || getKernel(kernels[0][0], 'wasm')) return;
  for (const [kernelName, kernelFunc] of kernels) {
    registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc });
  }
}

/**
 * Rows of `width` floats between the batch-major layout of tensors ([B, T, width]: row r·T + t) and the time-major
 * layout the recurrent kernels step through (row t·B + r), in the heap; `toTimeMajor` false goes back.
 */
export function reorderRows(heap: Float32Array, from: number, to: number, B: number, T: number, width: number, toTimeMajor: boolean): void {
  for (let t = 0; t < T; t++) {
    for (let r = 0; r < B; r++) {
      const [src, dst] = toTimeMajor ? [r * T + t, t * B + r] : [t * B + r, r * T + t];
      heap.copyWithin(to + dst * width, from + src * width, from + (src + 1) * width);
    }
  }
}

/**
 * The states h_1 … h_T of a recurrent forward pass as [B, T, H] at `out`: h_t (t < T) sits in the first H floats
 * of row (t + 1)·B + r of hx (rows of K floats, [h_{t-1}, x_t, 1]), h_T at `last` ([B, H]).
 */
export function writeStates(heap: Float32Array, hx: number, K: number, last: number, out: number, B: number, T: number, H: number): void {
  for (let r = 0; r < B; r++) {
    for (let t = 0; t < T; t++) {
      const src = t < T - 1 ? hx + ((t + 1) * B + r) * K : last + r * H;
      heap.copyWithin(out + (r * T + t) * H, src, src + H);
    }
  }
}

/**
 * Sizes of a whole-sequence recurrent kernel: B batch, T steps, I inputs, H units, G = gates·H pre-activations,
 * K = H + I + 1 (the time-major rows [h_{t-1}, x_t, 1]), TB = T·B rows.
 */
export interface SequenceDims {
  B: number;
  T: number;
  I: number;
  H: number;
  G: number;
  K: number;
  TB: number;
  returnSequences: boolean;
}

export function sequenceDims(kernel: TensorInfo, recurrentKernel: TensorInfo, B: number, T: number, gates: number, attrs?: NamedAttrMap): SequenceDims {
  const I = kernel.shape[0];
  const H = recurrentKernel.shape[0];
  return { B, T, I, H, G: gates * H, K: H + I + 1, TB: T * B, returnSequences: Boolean(attrs?.['returnSequences']) };
}

/**
 * How both recurrent backward kernels start: the gradient outputs dx [B, T, I], dW [I, G], dU [H, G], db [G]; Uᵀ
 * (transposed once per batch for the per-step products dz_t · Uᵀ); and dy time-major (`dySeq`) when every step has
 * one (-1 otherwise: only the last state's gradient, at `dyAt`).
 */
export function startBackward(s: WasmScope, dims: SequenceDims, dy: TensorInfo, recurrentKernel: TensorInfo) {
  const { B, T, I, H, G, TB, returnSequences } = dims;
  const grads = { dx: s.output([B, T, I]), dW: s.output([I, G]), dU: s.output([H, G]), db: s.output([G]) };
  const uT = s.alloc(G * H);
  const dySeq = returnSequences ? s.alloc(TB * H) : -1;
  const dyAt = s.at(dy);
  simdKernels(s.backend).transpose(s.at(recurrentKernel) * 4, H, G, G, uT * 4, H);
  if (returnSequences) reorderRows(s.heap, dyAt, dySeq, B, T, H, true);
  return { ...grads, uT, dyAt, dySeq };
}
