import type { TensorInfo } from '@tensorflow/tfjs-core';
import { registerWasmKernels, reorderRows, sequenceDims, startBackward, writeStates, type KernelArgs } from './kernel-set';
import { simdConstants, simdKernels } from './simd';
import { withWasmScope } from './heap';

/**
 * Whole-sequence LSTM forward and backward as two WASM kernels (gate order i, f, g, o as in Keras and PyTorch).
 *
 * Layout, with B batch, T steps, I inputs, H units, G = 4H, K = H + I + 1: the kernel keeps, time-major, the rows
 * hx[t·B + b] = [h_{t-1}, x_t, 1] so that one product hx_t · [U; W; b] (gemm_nn in simd/kernels.c, which beats
 * XNNPACK here and needs no packing) gives every gate's pre-activation at step t: the input projection and the
 * bias ride along (K is 66 instead of 64). One SIMD pass then applies the gates and writes c, tanh(c) and h_t
 * straight into the next hx row.
 * Backward: per step one SIMD pass for dz_t and one product dz_t · Uᵀ for dh_{t-1} (U transposed once per batch);
 * then dx = dz · Wᵀ (gemm_nt) and every weight gradient, hxᵀ · dz (gemm_tn, straight from the row-major hx and dz;
 * XNNPACK would need one transposed, the other packed), come from one product each over all steps.
 * tfjs-wasm's own kernels are not used at all: its matmul packs the right operand (~5 ns per value) on every
 * product whose weights are new, and its op dispatch costs more than a step's elementwise work.
 */

export const LSTM_FORWARD = 'ForetellLstmForward';
export const LSTM_BACKWARD = 'ForetellLstmBackward';

function forward({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const { x, kernel, recurrentKernel, bias } = inputs;
  const { B, T, I, H, G, K, returnSequences } = sequenceDims(kernel, recurrentKernel, x.shape[0], x.shape[1], 4, attrs);
  return withWasmScope(backend, (s) => {
    const simd = simdKernels(s.backend);
    const consts = simdConstants(simd);
    const out = s.output(returnSequences ? [B, T, H] : [B, H]);
    const hx = s.output([T * B, K]);
    const act = s.output([T * B, G]);
    const cs = s.output([T * B, H]);
    const tc = s.output([T * B, H]);
    const wcat = s.alloc(K * G);
    const zero = s.alloc(B * H);
    const hLast = returnSequences ? s.alloc(B * H) : out.at;
    const xAt = s.at(x);
    const wAt = s.at(kernel);
    const uAt = s.at(recurrentKernel);
    const bAt = s.at(bias);
    const heap = s.heap;
    heap.fill(0, zero, zero + B * H);
    heap.copyWithin(wcat, uAt, uAt + H * G);
    heap.copyWithin(wcat + H * G, wAt, wAt + I * G);
    heap.copyWithin(wcat + (H + I) * G, bAt, bAt + G);
    for (let t = 0; t < T; t++) {
      for (let r = 0; r < B; r++) {
        const row = hx.at + (t * B + r) * K;
        if (t === 0) heap.fill(0, row, row + H);
        const xr = xAt + (r * T + t) * I;
        for (let i = 0; i < I; i++) heap[row + H + i] = heap[xr + i];
        heap[row + K - 1] = 1;
      }
    }
    for (let t = 0; t < T; t++) {
      const actT = act.at + t * B * G;
      simd.gemm_nn((hx.at + t * B * K) * 4, K, wcat * 4, G, 0, actT * 4, G, B, K, G);
      // h_t goes into the next step's hx rows (stride K), or is the final state.
      const [h, stride] = t < T - 1 ? [hx.at + (t + 1) * B * K, K] : [hLast, H];
      const cPrev = t > 0 ? cs.at + (t - 1) * B * H : zero;
      const [c, th] = [(cs.at + t * B * H) * 4, (tc.at + t * B * H) * 4];
      simd.lstm_fwd_step(actT * 4, cPrev * 4, c, th, h * 4, stride, B, H, consts);
    }
    if (returnSequences) {
      writeStates(s.heap, hx.at, K, hLast, out.at, B, T, H);
    }
    return [out.info, hx.info, act.info, cs.info, tc.info];
  });
}

function backward({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const { dy, kernel, recurrentKernel, hx, act, cs, tc } = inputs;
  const B = dy.shape[0];
  const dims = sequenceDims(kernel, recurrentKernel, B, hx.shape[0] / B, 4, attrs);
  const { T, I, H, G, K, TB, returnSequences } = dims;
  return withWasmScope(backend, (s) => {
    const simd = simdKernels(s.backend);
    const { dx, dW, dU, db, uT, dyAt, dySeq } = startBackward(s, dims, dy, recurrentKernel);
    const dz = s.alloc(TB * G);
    const dh = s.alloc(TB * H);
    const dxt = s.alloc(TB * I);
    const dwcat = s.alloc(K * G);
    const zero = s.alloc(Math.max(B * H, H));
    const dc = s.alloc(B * H);
    const actAt = s.at(act);
    const csAt = s.at(cs);
    const tcAt = s.at(tc);
    let heap = s.heap;
    heap.fill(0, zero, zero + Math.max(B * H, H));
    heap.fill(0, dc, dc + B * H);
    for (let t = T - 1; t >= 0; t--) {
      const row = t * B;
      // dy of this step: every step's for sequences, the last step's otherwise (stride 0 reads zeros).
      const [dyp, dyStride] = returnSequences ? [dySeq + row * H, H] : t === T - 1 ? [dyAt, H] : [zero, 0];
      const [dhp, dhStride] = t < T - 1 ? [dh + (row + B) * H, H] : [zero, 0];
      const cPrev = t > 0 ? csAt + (row - B) * H : zero;
      const dzt = dz + row * G;
      simd.lstm_bwd_step(
        (actAt + row * G) * 4,
        cPrev * 4,
        (tcAt + row * H) * 4,
        dyp * 4,
        dyStride,
        dhp * 4,
        dhStride,
        dc * 4,
        dzt * 4,
        B,
        H,
      );
      // dh_{t-1} = dz_t · Uᵀ (H columns: whole 8-wide tiles; the few input columns would cost a slow edge)
      simd.gemm_nn(dzt * 4, G, uT * 4, H, 0, (dh + row * H) * 4, H, B, G, H);
    }
    // dx for all steps at once: dz · Wᵀ, dot products against W as stored.
    simd.gemm_nt(dz * 4, G, s.at(kernel) * 4, G, dxt * 4, I, TB, G, I, 0);
    // Every weight gradient at once: [dU; dW; db] = hxᵀ · dz over all steps.
    simd.gemm_tn(s.at(hx) * 4, K, dz * 4, G, dwcat * 4, G, TB, K, G, 0);
    heap = s.heap;
    heap.copyWithin(dU.at, dwcat, dwcat + H * G);
    heap.copyWithin(dW.at, dwcat + H * G, dwcat + (H + I) * G);
    heap.copyWithin(db.at, dwcat + (K - 1) * G, dwcat + K * G);
    reorderRows(heap, dxt, dx.at, B, T, I, false);
    return [dx.info, dW.info, dU.info, db.info];
  });
}

/** Registers both kernels for the WASM backend (idempotent). */
export function registerLstmKernels(): void {
  registerWasmKernels([
    [LSTM_FORWARD, forward],
    [LSTM_BACKWARD, backward],
  ]);
}
