import { setFlagsFromString } from 'node:v8';
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from './simd/kernels.wasm';
import type { WasmBackendInternals } from './heap';

/**
 * Our WebAssembly SIMD kernels (simd/kernels.c), instantiated inside the memory of TensorFlow.js' WASM backend
 * so they read and write tensors in place. Arguments are byte addresses and float counts; see kernels.c.
 */
/** A product of A and B (addresses and row strides) into C; `accumulate` 1 adds to C instead of overwriting it. */
type AccumulatingGemm = (a: number, lda: number, b: number, ldb: number, c: number, ldc: number, M: number, K: number, N: number, accumulate: number) => void;

export interface SimdKernels {
  transpose(src: number, rows: number, cols: number, srcStride: number, dst: number, dstStride: number): void;
  colsum(x: number, rows: number, cols: number, out: number): void;
  lstm_fwd_step(
    act: number,
    cPrev: number,
    c: number,
    tc: number,
    h: number,
    hStride: number,
    B: number,
    H: number,
    consts: number,
  ): void;
  lstm_bwd_step(
    act: number,
    cPrev: number,
    tc: number,
    dy: number,
    dyStride: number,
    dhNext: number,
    dhStride: number,
    dc: number,
    dz: number,
    B: number,
    H: number,
  ): void;
  gru_fwd_step(
    mm: number,
    xn: number,
    hPrev: number,
    hPrevStride: number,
    act: number,
    hn: number,
    h: number,
    hStride: number,
    B: number,
    H: number,
    consts: number,
  ): void;
  gru_bwd_step(
    act: number,
    hn: number,
    hPrev: number,
    hPrevStride: number,
    dy: number,
    dyStride: number,
    dhNext: number,
    dhStride: number,
    carry: number,
    dm: number,
    dxn: number,
    B: number,
    H: number,
  ): void;
  attn_fwd(
    qkv: number,
    o: number,
    a: number,
    B: number,
    N: number,
    heads: number,
    dk: number,
    scale: number,
    scratch: number,
    consts: number,
  ): void;
  attn_bwd(
    qkv: number,
    a: number,
    dO: number,
    dqkv: number,
    scratch: number,
    B: number,
    N: number,
    heads: number,
    dk: number,
    scale: number,
  ): void;
  ln_fwd(
    x: number,
    gamma: number,
    beta: number,
    y: number,
    xhat: number,
    rstd: number,
    rows: number,
    D: number,
    eps: number,
  ): void;
  ln_bwd(
    dy: number,
    xhat: number,
    rstd: number,
    gamma: number,
    dx: number,
    dgamma: number,
    dbeta: number,
    rows: number,
    D: number,
  ): void;
  adam_step(
    w: number,
    g: number,
    m: number,
    v: number,
    out: number,
    n: number,
    lrT: number,
    beta1: number,
    beta2: number,
    vcorr: number,
    eps: number,
    gscale: number,
  ): void;
  add_into(dst: number, src: number, n: number): void;
  gemm_nn(
    a: number,
    lda: number,
    b: number,
    ldb: number,
    bias: number,
    c: number,
    ldc: number,
    M: number,
    K: number,
    N: number,
  ): void;
  /** C[M × N] (+)= A[M × K]·Bᵀ for B given as [N × K] rows (kernels.c). */
  gemm_nt: AccumulatingGemm;
  /** C[K × N] (+)= Aᵀ·B for A [M × K], B [M × N] (kernels.c). */
  gemm_tn: AccumulatingGemm;
  mse_fwd(p: number, y: number, n: number, out: number): void;
  mse_bwd(p: number, y: number, dy: number, dp: number, n: number): void;
  /** sig: where to keep σ(2u) for gelu_bwd, or 0. */
  gelu_fwd(x: number, y: number, sig: number, n: number, consts: number): void;
  /** sig: gelu_fwd's σ(2u), or 0 to recompute it. */
  gelu_bwd(x: number, sig: number, dy: number, dx: number, n: number, consts: number): void;
}

/** The slice of the WebAssembly JS API used here (this project's TS lib settings do not declare it). */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: abstract new (...args: never[]) => object;
}
const WASM = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** Room for the few vectors clang spills in tail loops. */
const STACK_BYTES = 64 * 1024;

let compiled: object | null | undefined;
let flavour: 'relaxed' | 'simd' | null = null;
const constants = new WeakMap<SimdKernels, number>();
/** Constants the kernels load once per call (tanh_consts in kernels.c, then GELU's), in that order. */
const CONSTS = Float32Array.from([
  7.90531110763549805, -2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-8,
  1.48572235717979e-5, 6.37261928875436e-4, 4.89352455891786e-3, 1.19825839466702e-6, 1.18534705686654e-4,
  2.2684346324390e-3, 4.89352518554385e-3, 0.5, 1, 0.7978845608028654, 0.044715,
  // σ (XNNPACK rr2-p5-div): sign mask, log2 e, magic bias, −ln2 hi/lo, e^t coefficients t^5…t^1, cutoff.
  -0, 1.44269502, 12583039, -0.693145751953125, -1.42860677e-6, 8.28545727e-3, 4.19173017e-2, 1.66665047e-1,
  4.99996930e-1, 9.99999940e-1, -87.3365479,
]);

/** Floats of scratch attn_fwd and attn_bwd need: a transposed head and two N × N blocks, rows padded to 4. */
export function attentionScratch(tokens: number, dk: number): number {
  const np = (tokens + 3) & ~3;
  return dk * np + 2 * tokens * np + np;
}

/** Address of the constants table, the last argument of the kernels that take one. */
export function simdConstants(kernels: SimdKernels): number {
  const at = constants.get(kernels);
  if (at === undefined) throw new Error('SIMD kernels without their constants table');
  return at;
}
const instances = new WeakMap<object, SimdKernels>();

function module(): object | null {
  if (compiled === undefined) {
    const relaxed = relaxedSimd() ? Buffer.from(KERNELS_RELAXED_WASM_BASE64, 'base64') : null;
    const bytes = Buffer.from(KERNELS_WASM_BASE64, 'base64');
    // Validation fails where WebAssembly SIMD is missing; the layers then use plain tfjs ops.
    flavour = relaxed && WASM.validate(relaxed) ? 'relaxed' : WASM.validate(bytes) ? 'simd' : null;
    compiled = flavour && new WASM.Module(flavour === 'relaxed' ? (relaxed as Buffer) : bytes);
  }
  return compiled;
}

/**
 * Whether to try the fused multiply-add build: Node 20's V8 has relaxed SIMD behind a flag (on by default from
 * V8 11.4), and the flag only matters to modules compiled after it is set. FORETELL_RELAXED_SIMD=0 keeps the plain
 * build (results differ from it by rounding only).
 */
function relaxedSimd(): boolean {
  if (process.env['FORETELL_RELAXED_SIMD'] === '0') return false;
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  return true;
}

/** 'relaxed' when the kernels run with fused multiply-adds, 'simd' without, null when they cannot run. */
export function simdFlavour(): 'relaxed' | 'simd' | null {
  module();
  return flavour;
}

export function simdSupported(): boolean {
  return module() !== null;
}

/** The kernels bound to this backend's memory (one instance per WASM module, made on first use). */
export function simdKernels(backend: WasmBackendInternals): SimdKernels {
  const existing = instances.get(backend.wasm);
  if (existing) return existing;
  const mod = module();
  if (!mod) throw new Error('This runtime has no WebAssembly SIMD; the fused layers cannot run (use fused: false).');
  const exports = (backend.wasm as unknown as { asm?: Record<string, unknown> }).asm ?? {};
  const memory = Object.values(exports).find((e) => e instanceof WASM.Memory);
  if (!memory) throw new Error('The tfjs WASM module does not export its memory; cannot attach the SIMD kernels.');
  const instance = new WASM.Instance(mod, { env: { memory } });
  // Give the module a stack of its own inside the shared memory (it is never freed: it lives as long as the backend).
  const base = backend.wasm._malloc(STACK_BYTES + 16);
  (instance.exports['__stack_pointer'] as { value: number }).value = (base + STACK_BYTES) & ~15;
  const kernels = instance.exports as unknown as SimdKernels;
  const consts = backend.wasm._malloc(CONSTS.length * 4);
  backend.wasm.HEAPF32.set(CONSTS, consts >>> 2);
  constants.set(kernels, consts);
  instances.set(backend.wasm, kernels);
  return kernels;
}
