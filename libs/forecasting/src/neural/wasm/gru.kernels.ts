import type { TensorInfo } from '@tensorflow/tfjs-core';
import { registerWasmKernels, reorderRows, sequenceDims, startBackward, writeStates, type KernelArgs } from './kernel-set';
import { simdConstants, simdKernels } from './simd';
import { withWasmScope } from './heap';

/**
 * Whole-sequence GRU forward and backward as two WASM kernels, in PyTorch's (and cuDNN's) "reset after" form with
 * gate blocks r, z, n:
 *   r = σ(x·W_r + b_r + h·U_r + c_r)   z = σ(x·W_z + b_z + h·U_z + c_z)
 *   n = tanh(x·W_n + b_n + r ⊙ (h·U_n + c_n))   h' = (1 − z) ⊙ n + z ⊙ h
 * (b = bias, c = recurrentBias). It needs one recurrent product per step where Keras' "reset before" form needs two.
 *
 * As in lstm.kernels.ts, rows hx[t·B + b] = [h_{t-1}, x_t, 1] (K = H + I + 1) make the step one product
 * hx_t · Wc with Wc = [[U_r, U_z, U_n]; [W_r, W_z, 0]; [b_r + c_r, b_z + c_z, c_n]] (3H columns), and
 * x·W_n + b_n for every step is one product up front; one SIMD pass per step does the rest. Backward mirrors it:
 * per step one SIMD pass and one product with Uᵀ; dx and the weight gradients from products over all steps.
 */

export const GRU_FORWARD = 'ForetellGruForward';
export const GRU_BACKWARD = 'ForetellGruBackward';

function forward({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const { x, kernel, recurrentKernel, bias, recurrentBias } = inputs;
  const { B, T, I, H, G, K, TB, returnSequences } = sequenceDims(kernel, recurrentKernel, x.shape[0], x.shape[1], 3, attrs);
  return withWasmScope(backend, (s) => {
    const simd = simdKernels(s.backend);
    const consts = simdConstants(simd);
    const out = s.output(returnSequences ? [B, T, H] : [B, H]);
    const hx = s.output([TB, K]);
    const act = s.output([TB, G]); // r, z, n
    const hn = s.output([TB, H]); // h·U_n + c_n
    const xa = s.output([TB, I + 1]); // [x_t, 1], time-major
    const mm = s.alloc(B * G);
    const xn = s.alloc(TB * H);
    const wc = s.alloc(K * G);
    const wn = s.alloc((I + 1) * H);
    const hLast = returnSequences ? s.alloc(B * H) : out.at;
    const xAt = s.at(x);
    const wAt = s.at(kernel);
    const uAt = s.at(recurrentKernel);
    const bAt = s.at(bias);
    const cAt = s.at(recurrentBias);
    let heap = s.heap;
    for (let k = 0; k < K; k++) {
      const dst = wc + k * G;
      if (k < H) {
        heap.copyWithin(dst, uAt + k * G, uAt + (k + 1) * G);
      } else if (k < H + I) {
        const src = wAt + (k - H) * G;
        heap.copyWithin(dst, src, src + 2 * H);
        heap.fill(0, dst + 2 * H, dst + G);
      } else {
        for (let j = 0; j < 2 * H; j++) heap[dst + j] = heap[bAt + j] + heap[cAt + j];
        heap.copyWithin(dst + 2 * H, cAt + 2 * H, cAt + G);
      }
    }
    for (let i = 0; i <= I; i++) {
      const src = i < I ? wAt + i * G + 2 * H : bAt + 2 * H;
      heap.copyWithin(wn + i * H, src, src + H);
    }
    for (let t = 0; t < T; t++) {
      for (let r = 0; r < B; r++) {
        const row = hx.at + (t * B + r) * K;
        const xr = xAt + (r * T + t) * I;
        const ar = xa.at + (t * B + r) * (I + 1);
        if (t === 0) heap.fill(0, row, row + H);
        for (let i = 0; i < I; i++) heap[row + H + i] = heap[ar + i] = heap[xr + i];
        heap[row + K - 1] = heap[ar + I] = 1;
      }
    }
    // x·W_n + b_n for all steps at once.
    simd.gemm_nn(xa.at * 4, I + 1, wn * 4, H, 0, xn * 4, H, TB, I + 1, H);
    for (let t = 0; t < T; t++) {
      simd.gemm_nn((hx.at + t * B * K) * 4, K, wc * 4, G, 0, mm * 4, G, B, K, G);
      const [h, stride] = t < T - 1 ? [hx.at + (t + 1) * B * K, K] : [hLast, H];
      simd.gru_fwd_step(
        mm * 4,
        (xn + t * B * H) * 4,
        (hx.at + t * B * K) * 4,
        K,
        (act.at + t * B * G) * 4,
        (hn.at + t * B * H) * 4,
        h * 4,
        stride,
        B,
        H,
        consts,
      );
    }
    heap = s.heap;
    if (returnSequences) {
      writeStates(heap, hx.at, K, hLast, out.at, B, T, H);
    }
    return [out.info, hx.info, act.info, hn.info, xa.info];
  });
}

function backward({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const { dy, kernel, recurrentKernel, hx, act, hn, xa } = inputs;
  const B = dy.shape[0];
  const dims = sequenceDims(kernel, recurrentKernel, B, hx.shape[0] / B, 3, attrs);
  const { T, I, H, G, K, TB, returnSequences } = dims;
  return withWasmScope(backend, (s) => {
    const simd = simdKernels(s.backend);
    const { dx, dW, dU, db, uT, dyAt, dySeq } = startBackward(s, dims, dy, recurrentKernel);
    const dc = s.output([G]);
    const dm = s.alloc(TB * G);
    const dxn = s.alloc(TB * H);
    const dh = s.alloc(TB * H);
    const dwc = s.alloc(K * G);
    const dwn = s.alloc((I + 1) * H);
    const dxt = s.alloc(TB * I);
    const carry = s.alloc(B * H);
    const zero = s.alloc(B * H);
    const wAt = s.at(kernel);
    const hxAt = s.at(hx);
    const actAt = s.at(act);
    const hnAt = s.at(hn);
    let heap = s.heap;
    heap.fill(0, zero, zero + B * H);
    heap.fill(0, carry, carry + B * H);
    for (let t = T - 1; t >= 0; t--) {
      const row = t * B;
      const [dyp, dyStride] = returnSequences ? [dySeq + row * H, H] : t === T - 1 ? [dyAt, H] : [zero, 0];
      const [dhp, dhStride] = t < T - 1 ? [dh + (row + B) * H, H] : [zero, 0];
      simd.gru_bwd_step(
        (actAt + row * G) * 4,
        (hnAt + row * H) * 4,
        (hxAt + row * K) * 4,
        K,
        dyp * 4,
        dyStride,
        dhp * 4,
        dhStride,
        carry * 4,
        (dm + row * G) * 4,
        (dxn + row * H) * 4,
        B,
        H,
      );
      // dh_{t-1} through the product: dm_t · Uᵀ (the direct path z ⊙ dh is the kernel's carry)
      simd.gemm_nn((dm + row * G) * 4, G, uT * 4, H, 0, (dh + row * H) * 4, H, B, G, H);
    }
    // dx for all steps: the r, z blocks of dm against W_r, W_z, plus dn_pre against W_n (W as stored).
    simd.gemm_nt(dm * 4, G, wAt * 4, G, dxt * 4, I, TB, 2 * H, I, 0);
    simd.gemm_nt(dxn * 4, H, (wAt + 2 * H) * 4, G, dxt * 4, I, TB, H, I, 1);
    // Weight gradients over all steps, straight from the row-major activations and gradients (gemm_tn); the last
    // column of hx and xa is 1, so the bias gradients come out as well.
    simd.gemm_tn(s.at(hx) * 4, K, dm * 4, G, dwc * 4, G, TB, K, G, 0);
    simd.gemm_tn(s.at(xa) * 4, I + 1, dxn * 4, H, dwn * 4, H, TB, I + 1, H, 0);
    heap = s.heap;
    heap.copyWithin(dU.at, dwc, dwc + H * G);
    for (let i = 0; i < I; i++) {
      heap.copyWithin(dW.at + i * G, dwc + (H + i) * G, dwc + (H + i) * G + 2 * H);
      heap.copyWithin(dW.at + i * G + 2 * H, dwn + i * H, dwn + (i + 1) * H);
    }
    const biasRow = dwc + (K - 1) * G;
    heap.copyWithin(dc.at, biasRow, biasRow + G);
    heap.copyWithin(db.at, biasRow, biasRow + 2 * H);
    heap.copyWithin(db.at + 2 * H, dwn + I * H, dwn + (I + 1) * H);
    reorderRows(heap, dxt, dx.at, B, T, I, false);
    return [dx.info, dW.info, dU.info, db.info, dc.info];
  });
}

/** Registers both kernels for the WASM backend (idempotent). */
export function registerGruKernels(): void {
  registerWasmKernels([
    [GRU_FORWARD, forward],
    [GRU_BACKWARD, backward],
  ]);
}
