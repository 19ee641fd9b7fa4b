import type { EpochRecord } from './train-loop';

/** One trained network of a fit (a fit trains several when `ensemble` > 1). */
export interface MemberReport {
  seed: number;
  /** The value scale this network learned the series on. */
  scale: 'linear' | 'log';
  /** Its input length (a fit with a second, cycle-long input has two). */
  inputSize: number;
  /** The epoch whose weights were kept (0-based). */
  bestEpoch: number;
  stoppedEarly: boolean;
  /** Per epoch: training loss, validation loss, learning rate and seconds. */
  curve: EpochRecord[];
}

/** What a neural fit did, for run records and the dashboard. */
export interface FitReport {
  kind: string;
  /** e.g. `tfjs-wasm (simd, 1 thread)`. */
  backend: string;
  seed: number;
  /** Trainable values of one network. */
  parameterCount: number;
  /** Epochs run, over all ensemble members. */
  epochs: number;
  trainSeconds: number;
  /** Windows in the training pool and in the validation sample. */
  windows: { train: number; validation: number };
  /** Every setting actually used, defaults resolved. */
  settings: Record<string, unknown>;
  members: MemberReport[];
  /** Adjustments made to fit the data (e.g. validation dropped for lack of data). */
  notes: string[];
}
