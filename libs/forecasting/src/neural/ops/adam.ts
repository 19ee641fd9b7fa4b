import * as tf from '@tensorflow/tfjs-core';
import { getKernel, registerKernel, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { simdKernels, simdSupported } from '../wasm/simd';
import { asWasmBackend, withWasmScope, type WasmBackendInternals } from '../wasm/heap';

/**
 * Adam (Kingma & Ba; the tfjs and PyTorch update, no weight decay). On WASM one kernel call per step updates every
 * variable with a SIMD pass, the moment estimates kept in the backend's heap instead of tensors: tfjs' own Adam runs
 * about ten ops per variable, a visible share of a step for models with many small variables (a Transformer has ~30).
 */
export interface AdamOptimizer {
  learningRate: number;
  /** One update; `grads[i]` belongs to `variables[i]` and is multiplied by `gradScale` (for clipping) first. */
  apply(variables: tf.Variable[], grads: tf.Tensor[], gradScale?: number): void;
  dispose(): void;
}

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** false: tfjs' own optimiser even on WASM. */
  fused?: boolean;
}

export function createAdam(learningRate: number, options: AdamOptions = {}): AdamOptimizer {
  const useFused = options.fused !== false && tf.getBackend() === 'wasm' && simdSupported();
  return useFused ? new WasmAdam(learningRate, options) : new TfAdam(learningRate, options);
}

const ADAM = 'ForetellAdam';

interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs?: NamedAttrMap;
}

/** One kernel call updates every variable: inputs w0, g0, w1, g1, …; attrs carry each one's moment addresses. */
function adamKernel({ inputs, backend, attrs }: KernelArgs) {
  const a = attrs as Record<string, number | number[]>;
  const [m, v] = [a['m'] as number[], a['v'] as number[]];
  const [lrT, beta1, beta2, vcorr, eps, gscale] = ['lrT', 'beta1', 'beta2', 'vcorr', 'epsilon', 'gradScale'].map(
    (k) => a[k] as number,
  );
  return withWasmScope(backend, (s) => {
    const simd = simdKernels(s.backend);
    return m.map((_, i) => {
      const [w, g] = [inputs[`w${i}`], inputs[`g${i}`]];
      const out = s.output(w.shape);
      const n = w.shape.reduce((x, y) => x * y, 1);
      simd.adam_step(s.at(w) * 4, s.at(g) * 4, m[i], v[i], out.at * 4, n, lrT, beta1, beta2, vcorr, eps, gscale);
      return out.info;
    });
  });
}

class WasmAdam implements AdamOptimizer {
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly backend: WasmBackendInternals;
  /** Byte addresses of each variable's first and second moments. */
  private readonly state = new Map<tf.Variable, { m: number; v: number }>();
  private steps = 0;

  constructor(
    public learningRate: number,
    options: AdamOptions,
  ) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.backend = asWasmBackend(tf.backend());
    if (!getKernel(ADAM, 'wasm')) {
      registerKernel({ kernelName: ADAM, backendName: 'wasm', kernelFunc: adamKernel as unknown as KernelFunc });
    }
  }

  apply(variables: tf.Variable[], grads: tf.Tensor[], gradScale = 1): void {
    if (tf.backend() !== this.backend) throw new Error('The backend changed under a WASM Adam optimiser');
    this.steps++;
    const lrT = this.learningRate / (1 - this.beta1 ** this.steps);
    const vcorr = 1 / (1 - this.beta2 ** this.steps);
    const inputs: tf.NamedTensorMap = {};
    const moments = variables.map((variable, i) => {
      inputs[`w${i}`] = variable;
      inputs[`g${i}`] = grads[i];
      return this.moments(variable);
    });
    const attrs = {
      m: moments.map((x) => x.m),
      v: moments.map((x) => x.v),
      lrT,
      beta1: this.beta1,
      beta2: this.beta2,
      vcorr,
      epsilon: this.epsilon,
      gradScale,
    };
    const next = tf.engine().runKernel(ADAM, inputs, attrs) as tf.Tensor[];
    variables.forEach((variable, i) => variable.assign(next[i]));
    tf.dispose(next);
  }

  private moments(variable: tf.Variable): { m: number; v: number } {
    let s = this.state.get(variable);
    if (!s) {
      const bytes = variable.size * 4;
      const wasm = this.backend.wasm;
      s = { m: wasm._malloc(bytes), v: wasm._malloc(bytes) };
      wasm.HEAPF32.fill(0, s.m >>> 2, (s.m + bytes) >>> 2);
      wasm.HEAPF32.fill(0, s.v >>> 2, (s.v + bytes) >>> 2);
      this.state.set(variable, s);
    }
    return s;
  }

  dispose(): void {
    for (const { m, v } of this.state.values()) {
      this.backend.wasm._free(m);
      this.backend.wasm._free(v);
    }
    this.state.clear();
  }
}

class TfAdam implements AdamOptimizer {
  private readonly optimizer: tf.AdamOptimizer;

  constructor(learningRate: number, options: AdamOptions) {
    this.optimizer = tf.train.adam(learningRate, options.beta1, options.beta2, options.epsilon);
  }

  get learningRate(): number {
    return (this.optimizer as unknown as { learningRate: number }).learningRate;
  }

  set learningRate(value: number) {
    (this.optimizer as unknown as { learningRate: number }).learningRate = value;
  }

  apply(variables: tf.Variable[], grads: tf.Tensor[], gradScale = 1): void {
    tf.tidy(() => {
      const scaled = (g: tf.Tensor) => (gradScale === 1 ? g : tf.mul(g, gradScale));
      const named = variables.map((v, i) => ({ name: v.name, tensor: scaled(grads[i]) }));
      this.optimizer.applyGradients(named);
    });
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}
