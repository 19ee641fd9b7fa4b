import { describe, expect, it } from 'vitest';
import { simdFlavour } from './simd';
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from './simd/kernels.wasm';

/** The slice of the WebAssembly JS API used here (the project's TS lib settings do not declare it). */
const WASM = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
interface WasmApi {
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** Both builds of simd/kernels.c in one fresh memory, so the same inputs go through each. */
function instances() {
  simdFlavour(); // sets the engine flag relaxed SIMD needs
  const memory = new WASM.Memory({ initial: 64 });
  const load = (b64: string) => {
    const instance = new WASM.Instance(new WASM.Module(Buffer.from(b64, 'base64')), { env: { memory } });
    (instance.exports['__stack_pointer'] as { value: number }).value = 64 * 1024;
    return instance.exports as Record<string, (...args: number[]) => void>;
  };
  const heap = new Float32Array(memory.buffer);
  return { heap, plain: load(KERNELS_WASM_BASE64), relaxed: load(KERNELS_RELAXED_WASM_BASE64) };
}

describe('SIMD kernel builds', () => {
  it('uses the fused multiply-add build where the engine takes relaxed SIMD (Node 20: behind a flag we set)', () => {
    expect(simdFlavour()).toBe('relaxed');
  });

  it('the relaxed build computes what the plain one does, up to rounding', () => {
    const { heap, plain, relaxed } = instances();
    const [M, K, N] = [37, 29, 45];
    const [a, b, bias, c] = [16384, 32768, 49152, 65536].map((bytes) => bytes / 4);
    let seed = 1;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    for (let i = a; i < c; i++) heap[i] = rand();
    const run = (k: typeof plain) => {
      k['gemm_nn'](a * 4, K, b * 4, N, bias * 4, c * 4, N, M, K, N);
      k['gemm_tn'](a * 4, K, b * 4, N, (c + M * N) * 4, N, M, K, N, 0);
      return heap.slice(c, c + M * N + K * N);
    };
    const [p, r] = [run(plain), run(relaxed)];
    // A·B of this size by hand, for one entry: both must be right, not just alike.
    let dot = heap[bias + 3];
    for (let k = 0; k < K; k++) dot += heap[a + 2 * K + k] * heap[b + k * N + 3];
    expect(p[2 * N + 3]).toBeCloseTo(dot, 4);
    expect(Math.max(...p.map((x, i) => Math.abs(x - r[i])))).toBeLessThan(1e-5);
    expect(p.some((x, i) => x !== r[i]), 'the builds differ (fused rounding)').toBe(true);
  });
});
