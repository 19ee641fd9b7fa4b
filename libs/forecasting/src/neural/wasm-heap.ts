import type { DataId, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * Direct access to the WASM backend's heap and to two of its C exports, for our fused kernels.
 *
 * Why: every tfjs op costs ~15-30 µs of dispatch on WASM, and its BatchMatMul takes XNNPACK's fast path only for an
 * untransposed, batch-1 product (`batch_mat_mul_impl.cc`); `tf.slice` even copies the whole input (`readSync`). A
 * recurrent step therefore runs as: one XNNPACK matmul on tensor ids that point into our own buffers, one XNNPACK
 * sigmoid, and one JS loop over the heap — no tfjs op at all. The internals used here (`wasm`, `dataIdMap`,
 * `dataIdNextNumber`, `_BatchMatMul`, `_Sigmoid`, `_register_tensor`, `_dispose_data`) are those the backend's own
 * kernels use in tfjs-backend-wasm 4.22; `assertWasmInternals` fails loudly if a future version changes them.
 */

interface WasmModule {
  HEAPF32: Float32Array;
  HEAP32: Int32Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  _BatchMatMul(
    aId: number,
    aShapePtr: number,
    aShapeLen: number,
    bId: number,
    bShapePtr: number,
    bShapeLen: number,
    transposeA: number,
    transposeB: number,
    outId: number,
  ): void;
  __FusedMatMul(
    aId: number,
    aShapePtr: number,
    aShapeLen: number,
    bId: number,
    bShapePtr: number,
    bShapeLen: number,
    transposeA: number,
    transposeB: number,
    activation: number,
    biasId: number,
    preluWeightsId: number,
    leakyreluAlpha: number,
    outId: number,
  ): void;
  _Sigmoid(xId: number, outId: number): void;
  _register_tensor(id: number, size: number, memoryOffset: number): void;
  _dispose_data(id: number): void;
}

interface TensorData {
  id: number;
  memoryOffset: number;
}

/** The parts of `BackendWasm` our kernels use (several are private in its typings). */
export interface WasmBackendInternals extends KernelBackend {
  wasm: WasmModule;
  dataIdMap: { get(dataId: DataId): TensorData | undefined };
  dataIdNextNumber: number;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

export function asWasmBackend(backend: unknown): WasmBackendInternals {
  assertWasmInternals(backend);
  return backend;
}

function assertWasmInternals(backend: unknown): asserts backend is WasmBackendInternals {
  const b = backend as Partial<WasmBackendInternals> | null;
  const w = b?.wasm as Partial<WasmModule> | undefined;
  const ok =
    typeof b?.makeOutput === 'function' &&
    typeof b?.dataIdNextNumber === 'number' &&
    typeof b?.dataIdMap?.get === 'function' &&
    w != null &&
    ['_malloc', '_free', '_BatchMatMul', '__FusedMatMul', '_Sigmoid', '_register_tensor', '_dispose_data'].every(
      (f) => typeof (w as Record<string, unknown>)[f] === 'function',
    );
  if (!ok) {
    throw new Error(
      'The fused recurrent kernels need @tensorflow/tfjs-backend-wasm 4.22 internals that this version lacks; ' +
        'set FORETELL_TF_BACKEND=cpu or pin tfjs-backend-wasm to 4.22.0.',
    );
  }
}

/** Live scratch blocks and tensor-id views, so tests can prove kernels give back everything they take. */
const live = { blocks: 0, views: 0 };
export function wasmScratchStats(): { blocks: number; views: number } {
  return { ...live };
}

/**
 * Scratch memory and tensor-id views for one kernel invocation; `dispose()` frees both.
 * Offsets are float indices into `heap` (byte offset / 4). Fetch `heap` again after any allocation or wasm call:
 * memory growth replaces the underlying buffer.
 */
export class WasmScope {
  private readonly blocks: number[] = [];
  private readonly views: number[] = [];
  private readonly outputs: TensorInfo[] = [];
  private readonly shapes: number;

  constructor(readonly backend: WasmBackendInternals) {
    this.shapes = this.alloc(6);
  }

  get heap(): Float32Array {
    return this.backend.wasm.HEAPF32;
  }

  /** Float index of a tensor's data. */
  at(t: TensorInfo): number {
    return this.data(t).memoryOffset >>> 2;
  }

  /** The backend's tensor id of a tensor, for the C exports. */
  id(t: TensorInfo): number {
    return this.data(t).id;
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

  /** Registers `size` floats starting at float index `at` as a tensor id the C kernels can read or write. */
  view(at: number, size: number): number {
    const id = this.backend.dataIdNextNumber++;
    this.backend.wasm._register_tensor(id, size, at * 4);
    this.views.push(id);
    live.views++;
    return id;
  }

  /**
   * out[m, n] = a[m, k] · b[k, n], all row-major, untransposed: XNNPACK's fully-connected path. XNNPACK packs `b` on
   * first use and caches the packing under b's id until that id is disposed, so `b` must not change while its id
   * lives (weights do not; a view over data we rewrite gets a fresh id).
   */
  matmul(aId: number, m: number, k: number, bId: number, n: number, outId: number): void {
    const s = this.shapes;
    const h = this.backend.wasm.HEAP32;
    h[s] = 1;
    h[s + 1] = m;
    h[s + 2] = k;
    h[s + 3] = 1;
    h[s + 4] = k;
    h[s + 5] = n;
    this.backend.wasm._BatchMatMul(aId, s * 4, 3, bId, (s + 3) * 4, 3, 0, 0, outId);
  }

  /** out = a · b + bias (bias of n values, a tensor id), through XNNPACK's fused fully-connected operator. */
  matmulBias(aId: number, m: number, k: number, bId: number, n: number, biasId: number, outId: number): void {
    const s = this.shapes;
    const h = this.backend.wasm.HEAP32;
    h.set([1, m, k, 1, k, n], s);
    this.backend.wasm.__FusedMatMul(aId, s * 4, 3, bId, (s + 3) * 4, 3, 0, 0, 0, biasId, 0, 0, outId);
  }

  /** Elementwise logistic sigmoid (XNNPACK, vectorised); in place when `xId === outId`. */
  sigmoid(xId: number, outId: number): void {
    this.backend.wasm._Sigmoid(xId, outId);
  }

  /** Frees the outputs too: for a kernel that failed before handing them to the engine. */
  abandonOutputs(): void {
    for (const t of this.outputs) this.backend.disposeData(t.dataId, true);
    this.outputs.length = 0;
  }

  dispose(): void {
    const w = this.backend.wasm;
    for (const id of this.views) w._dispose_data(id);
    for (const ptr of this.blocks) w._free(ptr);
    live.views -= this.views.length;
    live.blocks -= this.blocks.length;
    this.views.length = 0;
    this.blocks.length = 0;
  }

  private data(t: TensorInfo): TensorData {
    const d = this.backend.dataIdMap.get(t.dataId);
    if (!d) throw new Error('Tensor is not on the WASM backend (was it disposed?)');
    return d;
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
