import { KERNELS_WASM_BASE64 } from './simd/kernels.wasm';
import type { WasmBackendInternals } from './wasm-heap';

/**
 * Our WebAssembly SIMD kernels (simd/kernels.c), instantiated inside the memory of TensorFlow.js' WASM backend
 * so they read and write tensors in place. Arguments are byte addresses and float counts; see kernels.c.
 */
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
  attn_fwd(qkv: number, o: number, a: number, B: number, N: number, heads: number, dk: number, scale: number): void;
  attn_bwd(
    qkv: number,
    a: number,
    dO: number,
    dqkv: number,
    ds: number,
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
  gemm_tn(
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    M: number,
    K: number,
    N: number,
    accumulate: number,
  ): void;
  gelu_fwd(x: number, y: number, n: number): void;
  gelu_bwd(x: number, dy: number, dx: number, n: number): void;
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
const instances = new WeakMap<object, SimdKernels>();

function module(): object | null {
  if (compiled === undefined) {
    const bytes = Buffer.from(KERNELS_WASM_BASE64, 'base64');
    // Validation fails where WebAssembly SIMD is missing; the layers then use plain tfjs ops.
    compiled = WASM.validate(bytes) ? new WASM.Module(bytes) : null;
  }
  return compiled;
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
  instances.set(backend.wasm, kernels);
  return kernels;
}
