import { backendInfo, initBackend, type BackendInfo } from '../wasm/backend';

let starting: Promise<BackendInfo> | null = null;

/**
 * The TensorFlow.js backend models train on: whatever `initBackend` already chose in this process, or the first that
 * starts (`FORETELL_TF_BACKEND` forces one). Chosen once per process and logged once.
 */
export function ensureBackend(): Promise<BackendInfo> {
  const current = backendInfo();
  if (current) return Promise.resolve(current);
  starting ??= initBackend().then(
    () => {
      const info = backendInfo();
      if (!info) throw new Error('initBackend finished without recording a backend');
      return info;
    },
    (error: unknown) => {
      starting = null;
      throw error;
    },
  );
  return starting;
}

/** Short backend name for `ForecastModel.backend` and the fit report, e.g. `tfjs-wasm`. */
export function backendLabel(info: BackendInfo): string {
  return `tfjs-${info.flavour}`;
}
