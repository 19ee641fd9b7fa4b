import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's CJS bundle registers no gradients (the `@tensorflow/tfjs` bundle would); tfjs-layers' bundle
// registers all of them into the shared global registry when loaded, and its ESM original cannot be required.
import '@tensorflow/tfjs-layers';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { dirname, join } from 'node:path';
import { registerChainedOps } from './tfjs-chained-ops';

registerChainedOps();

/**
 * Backend selection for TensorFlow.js, in the order of issue 4: the native bindings (GPU, then CPU) when installed,
 * then WASM, then plain JS. The native packages download libtensorflow at install time, so they are optional and
 * loaded by a guarded `require`; WASM is always installed and is what most machines run.
 */

/** Names accepted by `FORETELL_TF_BACKEND` and `initBackend(preferred)`. */
export const BACKEND_CHOICES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export const BACKEND_ENV = 'FORETELL_TF_BACKEND';

export interface BackendInfo {
  /** What was asked for: a choice above, or `auto`. */
  requested: BackendChoice | 'auto';
  /** The tfjs backend now active (`tensorflow` for both native packages, `wasm`, `cpu`). */
  name: string;
  /** `tensorflow-gpu` when the GPU package loaded, otherwise the same as `name`. */
  flavour: BackendChoice;
  /** WASM only: SIMD binary in use, and the size of its thread pool. */
  simd?: boolean;
  threads?: number;
}

export interface InitBackendOptions {
  /** Where the chosen backend is reported; `null` for silence. Default `console.info`. */
  log?: ((message: string) => void) | null;
  /** Environment to read `FORETELL_TF_BACKEND` from (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

let current: BackendInfo | null = null;

/** The backend chosen by the last `initBackend`, for run records; `null` before the first call. */
export function backendInfo(): BackendInfo | null {
  return current;
}

/** Aliases people type for the native packages. */
const ALIASES: Record<string, BackendChoice> = {
  'tensorflow-gpu': 'tensorflow-gpu',
  'tfjs-node-gpu': 'tensorflow-gpu',
  'node-gpu': 'tensorflow-gpu',
  gpu: 'tensorflow-gpu',
  tensorflow: 'tensorflow',
  'tfjs-node': 'tensorflow',
  node: 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
};

export function parseBackendChoice(value: string): BackendChoice {
  const choice = ALIASES[value.trim().toLowerCase()];
  if (!choice) {
    throw new Error(`Unknown TensorFlow.js backend "${value}". Use one of: ${BACKEND_CHOICES.join(', ')}.`);
  }
  return choice;
}

/**
 * Chooses, initialises and activates a backend, and returns its tfjs name.
 * `FORETELL_TF_BACKEND` wins over `preferred`; either one forces that backend and fails loudly if it cannot start
 * (a silent fallback would make timings and reproducibility lie). Without either, the first one that starts wins.
 */
export async function initBackend(preferred?: string, options: InitBackendOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const log = options.log === undefined ? (m: string) => console.info(m) : options.log;
  const forced = env[BACKEND_ENV]?.trim() ? env[BACKEND_ENV] : preferred;
  const requested = forced ? parseBackendChoice(forced) : 'auto';
  const order: BackendChoice[] = requested === 'auto' ? [...BACKEND_CHOICES] : [requested];

  const failures: string[] = [];
  for (const choice of order) {
    try {
      const info = await activate(choice, requested);
      current = info;
      log?.(describe(info));
      return info.name;
    } catch (err) {
      failures.push(requested === 'auto' ? `${choice}: ${(err as Error).message}` : (err as Error).message);
    }
  }
  throw new Error(
    requested === 'auto'
      ? `No TensorFlow.js backend could start:\n  ${failures.join('\n  ')}`
      : `The TensorFlow.js backend "${requested}" (from ${env[BACKEND_ENV]?.trim() ? BACKEND_ENV : 'the caller'}) ` +
          `could not start: ${failures[0]}`,
  );
}

function describe(info: BackendInfo): string {
  const extra = info.name === 'wasm' ? ` (simd ${info.simd ? 'on' : 'off'}, threads ${info.threads})` : '';
  return `[foretell] TensorFlow.js backend: ${info.flavour}${extra}`;
}

async function activate(choice: BackendChoice, requested: BackendChoice | 'auto'): Promise<BackendInfo> {
  switch (choice) {
    case 'tensorflow-gpu':
    case 'tensorflow': {
      // Registers the `tensorflow` backend as a side effect; throws when the package or libtensorflow is absent.
      requireOptional(choice === 'tensorflow-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node');
      await setAndCheck('tensorflow');
      return { requested, name: 'tensorflow', flavour: choice };
    }
    case 'wasm': {
      configureWasm();
      await setAndCheck('wasm');
      shareIdentityOnWasm();
      const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
      return { requested, name: 'wasm', flavour: 'wasm', simd, threads: wasmThreadsCount() };
    }
    case 'cpu':
      await setAndCheck('cpu');
      return { requested, name: 'cpu', flavour: 'cpu' };
  }
}

async function setAndCheck(name: string): Promise<void> {
  if (tf.getBackend() === name) return;
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw new Error(`tf.setBackend('${name}') did not take effect`);
}

/** `require` that reports a missing optional package in one line instead of a stack. */
function requireOptional(pkg: string): unknown {
  try {
    return require(pkg);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'MODULE_NOT_FOUND' && e.message.includes(pkg)) throw new Error(`${pkg} is not installed`);
    throw new Error(`${pkg} is installed but failed to load: ${e.message.split('\n')[0]}`);
  }
}

let wasmConfigured = false;

/**
 * Points the WASM backend at its binaries on disk (its default is a URL relative to the bundle, which does not exist
 * under Node). SIMD is detected by the backend itself. Threads: tfjs 4.22 turns them off under Node
 * (tensorflow/tfjs#3830: its pthread workers are Blob URLs that Node's worker_threads cannot load), so the pool is one
 * thread; we say so rather than pretend.
 */
function configureWasm(): void {
  if (wasmConfigured) return;
  const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
  setWasmPaths(dist);
  setThreadsCount(1);
  wasmConfigured = true;
}

/**
 * tfjs-wasm's Identity kernel (behind `tf.clone`) copies the tensor, and the gradient tape clones every tensor it
 * saves for the backward pass: several MB per training step for a recurrent layer (~0.5 ms per batch). Tensors are
 * immutable and the WASM backend already shares data between a tensor and its reshapes (reference-counted), so
 * Identity shares it too, as the CPU backend's does.
 */
function shareIdentityOnWasm(): void {
  const existing = tf.getKernel(tf.Identity, 'wasm');
  if (existing && (existing as { shared?: boolean }).shared) return;
  if (existing) tf.unregisterKernel(tf.Identity, 'wasm');
  const kernel = {
    kernelName: tf.Identity,
    backendName: 'wasm',
    shared: true,
    kernelFunc: ({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: unknown }) => {
      const x = inputs['x'] as tf.TensorInfo;
      (backend as tf.KernelBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  };
  tf.registerKernel(kernel as unknown as tf.KernelConfig);
}

function wasmThreadsCount(): number {
  const backend = tf.backend() as unknown as { wasm?: { tfjs?: { getThreadsCount?: () => number } } };
  return backend.wasm?.tfjs?.getThreadsCount?.() ?? 1;
}
