import type { DataId, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * Direct access to the WASM backend's heap, for our fused kernels.
 *
 * Why: every tfjs op costs ~15-30 µs of dispatch on WASM, its BatchMatMul takes XNNPACK's fast path only for an
 * untransposed, batch-1 product (`batch_mat_mul_impl.cc`; the gradients of a dense layer are transposed products and
 * fall to a scalar loop), and `tf.slice` copies its whole input (`readSync`). So a fused layer is one tfjs kernel
 * whose body runs our SIMD module (simd/kernels.c) on buffers in this heap: outputs made by the backend, scratch
 * from its allocator. The internals used (`wasm.HEAPF32`, `_malloc`, `_free`, `dataIdMap`, `makeOutput`) are those
 * the backend's own kernels use in tfjs-backend-wasm 4.22; `asWasmBackend` fails loudly if they change.
 */

interface WasmModule {
  HEAPF32: Float32Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
}

interface TensorData {
  id: number;
  memoryOffset: number;
}

/** The parts of `BackendWasm` our kernels use (several are private in its typings). */
export interface WasmBackendInternals extends KernelBackend {
  wasm: WasmModule;
  dataIdMap: { get(dataId: DataId): TensorData | undefined };
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

export function asWasmBackend(backend: unknown): WasmBackendInternals {
  const b = backend as Partial<WasmBackendInternals> | null;
  const w = b?.wasm as Partial<WasmModule> | undefined;
  const ok =
    typeof b?.makeOutput === 'function' &&
    typeof b?.dataIdMap?.get === 'function' &&
    w?.HEAPF32 instanceof Float32Array &&
    typeof w._malloc === 'function' &&
    typeof w._free === 'function';
  if (!ok) {
    throw new Error(
      'The fused layers need @tensorflow/tfjs-backend-wasm 4.22 internals that this version lacks; ' +
        'set FORETELL_TF_BACKEND=cpu or pin tfjs-backend-wasm to 4.22.0.',
    );
  }
  return backend as WasmBackendInternals;
}

/** Live scratch blocks, so tests can prove kernels give back everything they take. */
const live = { blocks: 0 };
export function wasmScratchStats(): { blocks: number } {
  return { ...live };
}

/**
 * Outputs and scratch memory for one kernel invocation; `dispose()` frees the scratch. Offsets are float indices
 * into `heap` (byte offset / 4; the SIMD kernels take byte addresses, ×4). Fetch `heap` again after any allocation:
 * memory growth replaces the underlying buffer.
 */
export class WasmScope {
  private readonly blocks: number[] = [];
  private readonly outputs: TensorInfo[] = [];

  constructor(readonly backend: WasmBackendInternals) {}

  get heap(): Float32Array {
    return this.backend.wasm.HEAPF32;
  }

  /** Float index of a tensor's data. */
  at(t: TensorInfo): number {
    const d = this.backend.dataIdMap.get(t.dataId);
    if (!d) throw new Error('Tensor is not on the WASM backend (was it disposed?)');
    return d.memoryOffset >>> 2;
  }

  /** A new float32 output tensor of the kernel and the float index of its data. */
  output(shape: number[]): { info: TensorInfo; at: number } {
    const info = this.backend.makeOutput(shape, 'float32');
    this.outputs.push(info);
    return { info, at: this.at(info) };
  }

  /** Uninitialised scratch of `size` floats; returns its float index. */
  alloc(size: number): number {
    const ptr = this.backend.wasm._malloc(Math.max(1, size) * 4);
    if (!ptr) throw new Error(`WASM heap exhausted allocating ${size} floats`);
    this.blocks.push(ptr);
    live.blocks++;
    return ptr >>> 2;
  }

  /** Frees the outputs too: for a kernel that failed before handing them to the engine. */
  abandonOutputs(): void {
    for (const t of this.outputs) this.backend.disposeData(t.dataId, true);
    this.outputs.length = 0;
  }

  dispose(): void {
    for (const ptr of this.blocks) this.backend.wasm._free(ptr);
    live.blocks -= this.blocks.length;
    this.blocks.length = 0;
  }
}

/** Runs `body` with a scope that is disposed however `body` ends. */
export function withWasmScope<T>(backend: unknown, body: (scope: WasmScope) => T): T {
  const scope = new WasmScope(asWasmBackend(backend));
  try {
    return body(scope);
  } catch (err) {
    scope.abandonOutputs();
    throw err;
  } finally {
    scope.dispose();
  }
}
