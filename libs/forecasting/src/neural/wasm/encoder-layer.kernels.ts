import type { TensorInfo } from '@tensorflow/tfjs-core';
import { registerWasmKernels, type KernelArgs } from './kernel-set';
import { attentionScratch, simdConstants, simdKernels, type SimdKernels } from './simd';
import { withWasmScope, type WasmScope } from './heap';

/**
 * A whole pre-norm Transformer encoder layer as one WASM kernel forward and one backward:
 *   z1 = z + Attn(LN1(z))·Wo + bo,   out = z1 + GELU(LN2(z1)·W1 + b1)·W2 + b2,
 * on token rows [batch · tokens, d]. Inside, everything is a SIMD kernel (simd/kernels.c: gemm_nn for the products,
 * gemm_tn for weight gradients), so a layer costs two tfjs ops instead of ~60 (each ~15-30 µs of dispatch and tape).
 */

export const ENCODER_LAYER = 'ForetellEncoderLayer';
export const ENCODER_LAYER_GRAD = 'ForetellEncoderLayerGrad';

/** The forward's outputs after `out`, saved for the backward pass, in this order. */
export const ENCODER_SAVED = [
  ...['xhat1', 'rstd1', 'a1', 'qkv', 'probs', 'o'],
  ...['xhat2', 'rstd2', 'a2', 'hpre', 'hg', 'sig'],
] as const;

const EPSILON = 1e-5;

function forward({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const { z, g1, b1, wqkv, bqkv, wo, bo, g2, b2, w1, bf1, w2, bf2 } = inputs;
  const tokens = attrs?.['tokens'] as number;
  const heads = attrs?.['heads'] as number;
  const [R, D] = z.shape;
  const F = w1.shape[1];
  const B = R / tokens;
  const dk = D / heads;
  return withWasmScope(backend, (s) => {
    const simd = simdKernels(s.backend);
    const out = s.output([R, D]);
    const xhat1 = s.output([R, D]);
    const rstd1 = s.output([R]);
    const a1 = s.output([R, D]);
    const qkv = s.output([R, 3 * D]);
    const probs = s.output([B, heads, tokens, tokens]);
    const o = s.output([R, D]);
    const xhat2 = s.output([R, D]);
    const rstd2 = s.output([R]);
    const a2 = s.output([R, D]);
    const hpre = s.output([R, F]);
    const hg = s.output([R, F]);
    const sig = s.output([R, F]);
    const z1 = s.alloc(R * D);

    simd.ln_fwd(s.at(z) * 4, s.at(g1) * 4, s.at(b1) * 4, a1.at * 4, xhat1.at * 4, rstd1.at * 4, R, D, EPSILON);
    const mm = (x: number, w: TensorInfo, b: TensorInfo, out: number, K: number, N: number) =>
      simd.gemm_nn(x * 4, K, s.at(w) * 4, N, s.at(b) * 4, out * 4, N, R, K, N);
    mm(a1.at, wqkv, bqkv, qkv.at, D, 3 * D);
    const scratch = s.alloc(attentionScratch(tokens, dk));
    const scale = 1 / Math.sqrt(dk);
    simd.attn_fwd(qkv.at * 4, o.at * 4, probs.at * 4, B, tokens, heads, dk, scale, scratch * 4, simdConstants(simd));
    mm(o.at, wo, bo, z1, D, D);
    simd.add_into(z1 * 4, s.at(z) * 4, R * D);
    simd.ln_fwd(z1 * 4, s.at(g2) * 4, s.at(b2) * 4, a2.at * 4, xhat2.at * 4, rstd2.at * 4, R, D, EPSILON);
    mm(a2.at, w1, bf1, hpre.at, D, F);
    simd.gelu_fwd(hpre.at * 4, hg.at * 4, sig.at * 4, R * F, simdConstants(simd));
    mm(hg.at, w2, bf2, out.at, F, D);
    simd.add_into(out.at * 4, z1 * 4, R * D);
    return [out, xhat1, rstd1, a1, qkv, probs, o, xhat2, rstd2, a2, hpre, hg, sig].map((t) => t.info);
  });
}

/**
 * Backward of y = x·W + b for x [M, K], W [K, N] (float indices into the heap): dx = dy·Wᵀ (gemm_nn on a transposed
 * copy of W), dW = xᵀ·dy (gemm_tn, straight from the row-major x and dy), db = Σ dy.
 */
export function linearBackward(
  s: WasmScope,
  simd: SimdKernels,
  p: { dy: number; x: number; w: number; M: number; K: number; N: number; dx: number; dW: number; db: number },
): void {
  const { dy, x, w, M, K, N } = p;
  const wT = s.alloc(N * K);
  simd.transpose(w * 4, K, N, N, wT * 4, K);
  simd.gemm_nn(dy * 4, N, wT * 4, K, 0, p.dx * 4, K, M, N, K);
  simd.gemm_tn(x * 4, K, dy * 4, N, p.dW * 4, N, M, K, N, 0);
  simd.colsum(dy * 4, M, N, p.db * 4);
}

function backward({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const { dy, xhat1, rstd1, a1, qkv, probs, o, xhat2, rstd2, a2, hpre, hg, sig, g1, wqkv, wo, g2, w1, w2 } = inputs;
  const heads = attrs?.['heads'] as number;
  const [B, , tokens] = probs.shape;
  const [R, D] = dy.shape;
  const F = w1.shape[1];
  const dk = D / heads;
  return withWasmScope(backend, (s) => {
    const simd = simdKernels(s.backend);
    const out = (shape: number[]) => s.output(shape);
    const dz = out([R, D]);
    const [dg1, db1] = [out([D]), out([D])];
    const [dwqkv, dbqkv] = [out([D, 3 * D]), out([3 * D])];
    const [dwo, dbo] = [out([D, D]), out([D])];
    const [dg2, db2] = [out([D]), out([D])];
    const [dw1, dbf1] = [out([D, F]), out([F])];
    const [dw2, dbf2] = [out([F, D]), out([D])];
    const dz1 = s.alloc(R * D);
    const dhg = s.alloc(R * F);
    const dhpre = s.alloc(R * F);
    const da = s.alloc(R * D);
    const dln = s.alloc(R * D);
    const dO = s.alloc(R * D);
    const dqkv = s.alloc(R * 3 * D);
    const scratch = s.alloc(attentionScratch(tokens, dk));
    const at = (t: TensorInfo) => s.at(t);
    s.heap.copyWithin(dz1, at(dy), at(dy) + R * D);

    // out = z1 + hg·W2 + b2
    linearBackward(s, simd, { dy: at(dy), x: at(hg), w: at(w2), M: R, K: F, N: D, dx: dhg, dW: dw2.at, db: dbf2.at });
    simd.gelu_bwd(at(hpre) * 4, at(sig) * 4, dhg * 4, dhpre * 4, R * F, simdConstants(simd));
    linearBackward(s, simd, { dy: dhpre, x: at(a2), w: at(w1), M: R, K: D, N: F, dx: da, dW: dw1.at, db: dbf1.at });
    simd.ln_bwd(da * 4, at(xhat2) * 4, at(rstd2) * 4, at(g2) * 4, dln * 4, dg2.at * 4, db2.at * 4, R, D);
    simd.add_into(dz1 * 4, dln * 4, R * D);
    // z1 = z + o·Wo + bo, o = Attn(qkv), qkv = a1·Wqkv + bqkv, a1 = LN1(z)
    linearBackward(s, simd, { dy: dz1, x: at(o), w: at(wo), M: R, K: D, N: D, dx: dO, dW: dwo.at, db: dbo.at });
    const scale = 1 / Math.sqrt(dk);
    simd.attn_bwd(at(qkv) * 4, at(probs) * 4, dO * 4, dqkv * 4, scratch * 4, B, tokens, heads, dk, scale);
    const qkvGrads = { dx: da, dW: dwqkv.at, db: dbqkv.at };
    linearBackward(s, simd, { dy: dqkv, x: at(a1), w: at(wqkv), M: R, K: D, N: 3 * D, ...qkvGrads });
    simd.ln_bwd(da * 4, at(xhat1) * 4, at(rstd1) * 4, at(g1) * 4, dz.at * 4, dg1.at * 4, db1.at * 4, R, D);
    simd.add_into(dz.at * 4, dz1 * 4, R * D);
    return [dz, dg1, db1, dwqkv, dbqkv, dwo, dbo, dg2, db2, dw1, dbf1, dw2, dbf2].map((t) => t.info);
  });
}

/** Registers both kernels for the WASM backend (idempotent). */
export function registerEncoderLayerKernels(): void {
  registerWasmKernels([
    [ENCODER_LAYER, forward],
    [ENCODER_LAYER_GRAD, backward],
  ]);
}
