import type { TensorInfo } from '@tensorflow/tfjs-core';
import { registerWasmKernels, type KernelArgs } from './kernel-set';
import { linearBackward } from './encoder-layer.kernels';
import { attentionScratch, simdConstants, simdKernels } from './simd';
import { withWasmScope, type WasmScope } from './heap';

/**
 * WASM kernels for the Transformer blocks: dense-layer gradients with every product 2-D and untransposed,
 * self-attention over short token sequences (straight from the fused q|k|v projection), layer norm and GELU.
 * tfjs' own gradients for a dense layer are products with a transposed operand, which tfjs-wasm runs in a scalar
 * loop, and its attention needs batched products (the same loop); these avoid both.
 */

export const LINEAR = 'ForetellLinear';
export const LINEAR_GRAD = 'ForetellLinearGrad';
export const ATTENTION = 'ForetellAttention';
export const ATTENTION_GRAD = 'ForetellAttentionGrad';
export const LAYER_NORM = 'ForetellLayerNorm';
export const LAYER_NORM_GRAD = 'ForetellLayerNormGrad';
export const GELU = 'ForetellGelu';
export const GELU_GRAD = 'ForetellGeluGrad';

/** Byte address of a tensor's data. */
const addr = (s: WasmScope, t: TensorInfo) => s.at(t) * 4;

/**
 * y = x·W + b with gemm_nn: tfjs' fused MatMul would hand it to XNNPACK, which repacks W (~5 ns per value) whenever
 * it is a new tensor, so after every Adam step.
 */
function linearKernel({ inputs, backend }: KernelArgs): TensorInfo {
  const { x, kernel, bias } = inputs;
  const [M, K] = x.shape;
  const N = kernel.shape[1];
  return withWasmScope(backend, (s) => {
    const y = s.output([M, N]);
    simdKernels(s.backend).gemm_nn(addr(s, x), K, addr(s, kernel), N, addr(s, bias), y.at * 4, N, M, K, N);
    return y.info;
  });
}

/** y = x·W + b backward (see linearBackward). */
function linearGrad({ inputs, backend }: KernelArgs): TensorInfo[] {
  const { dy, x, kernel } = inputs;
  const [M, K] = x.shape;
  const N = kernel.shape[1];
  return withWasmScope(backend, (s) => {
    const dx = s.output([M, K]);
    const dW = s.output([K, N]);
    const db = s.output([N]);
    const simd = simdKernels(s.backend);
    linearBackward(s, simd, { dy: s.at(dy), x: s.at(x), w: s.at(kernel), M, K, N, dx: dx.at, dW: dW.at, db: db.at });
    return [dx.info, dW.info, db.info];
  });
}

function attention({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const { qkv } = inputs;
  const tokens = attrs?.['tokens'] as number;
  const heads = attrs?.['heads'] as number;
  const rows = qkv.shape[0];
  const D = qkv.shape[1] / 3;
  const B = rows / tokens;
  const dk = D / heads;
  return withWasmScope(backend, (s) => {
    const simd = simdKernels(s.backend);
    const o = s.output([rows, D]);
    const probs = s.output([B, heads, tokens, tokens]);
    const scratch = s.alloc(attentionScratch(tokens, dk));
    const scale = 1 / Math.sqrt(dk);
    simd.attn_fwd(addr(s, qkv), o.at * 4, probs.at * 4, B, tokens, heads, dk, scale, scratch * 4, simdConstants(simd));
    return [o.info, probs.info];
  });
}

function attentionGrad({ inputs, backend }: KernelArgs): TensorInfo[] {
  const { dy, qkv, probs } = inputs;
  const [B, heads, tokens] = probs.shape;
  const D = qkv.shape[1] / 3;
  const dk = D / heads;
  return withWasmScope(backend, (s) => {
    const simd = simdKernels(s.backend);
    const dqkv = s.output(qkv.shape);
    const scratch = s.alloc(attentionScratch(tokens, dk));
    const scale = 1 / Math.sqrt(dk);
    simd.attn_bwd(addr(s, qkv), addr(s, probs), addr(s, dy), dqkv.at * 4, scratch * 4, B, tokens, heads, dk, scale);
    return [dqkv.info];
  });
}

function layerNorm({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const { x, gamma, beta } = inputs;
  const [rows, D] = x.shape;
  return withWasmScope(backend, (s) => {
    const simd = simdKernels(s.backend);
    const y = s.output([rows, D]);
    const xhat = s.output([rows, D]);
    const rstd = s.output([rows]);
    const eps = attrs?.['epsilon'] as number;
    simd.ln_fwd(addr(s, x), addr(s, gamma), addr(s, beta), y.at * 4, xhat.at * 4, rstd.at * 4, rows, D, eps);
    return [y.info, xhat.info, rstd.info];
  });
}

function layerNormGrad({ inputs, backend }: KernelArgs): TensorInfo[] {
  const { dy, xhat, rstd, gamma } = inputs;
  const [rows, D] = xhat.shape;
  return withWasmScope(backend, (s) => {
    const simd = simdKernels(s.backend);
    const dx = s.output([rows, D]);
    const dgamma = s.output([D]);
    const dbeta = s.output([D]);
    const [dxAt, dgAt, dbAt] = [dx.at * 4, dgamma.at * 4, dbeta.at * 4];
    simd.ln_bwd(addr(s, dy), addr(s, xhat), addr(s, rstd), addr(s, gamma), dxAt, dgAt, dbAt, rows, D);
    return [dx.info, dgamma.info, dbeta.info];
  });
}

function gelu({ inputs, backend }: KernelArgs): TensorInfo {
  const { x } = inputs;
  return withWasmScope(backend, (s) => {
    const y = s.output(x.shape);
    const simd = simdKernels(s.backend);
    simd.gelu_fwd(addr(s, x), y.at * 4, 0, y.info.shape.reduce((a, b) => a * b, 1), simdConstants(simd));
    return y.info;
  });
}

function geluGrad({ inputs, backend }: KernelArgs): TensorInfo {
  const { dy, x } = inputs;
  return withWasmScope(backend, (s) => {
    const dx = s.output(x.shape);
    const simd = simdKernels(s.backend);
    simd.gelu_bwd(addr(s, x), 0, addr(s, dy), dx.at * 4, x.shape.reduce((a, b) => a * b, 1), simdConstants(simd));
    return dx.info;
  });
}

/** Registers the kernels for the WASM backend (idempotent). */
export function registerTransformerKernels(): void {
  registerWasmKernels([
    [LINEAR, linearKernel],
    [LINEAR_GRAD, linearGrad],
    [ATTENTION, attention],
    [ATTENTION_GRAD, attentionGrad],
    [LAYER_NORM, layerNorm],
    [LAYER_NORM_GRAD, layerNormGrad],
    [GELU, gelu],
    [GELU_GRAD, geluGrad],
  ]);
}
