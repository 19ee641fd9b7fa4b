import type * as tf from '@tensorflow/tfjs-core';
import type { ModelParams } from '@foretell/contracts';
import { DenseLayer } from '../neural/layers/dense.layer';
import type { Network, NetworkDims } from '../neural/training/network';
import { NeuralModel } from '../neural/training/neural-model';
import { defaultPatch, RecurrentEncoder, type CellKind } from '../neural/layers/recurrent-encoder';
import type { ModelDefaults } from '../neural/training/training-defaults';
import { withHighway } from './highway';

/** Recurrent encoder → its last state → one dense layer with an output per horizon step (a direct forecaster). */
export class RecurrentDirectNet implements Network {
  private readonly encoder: RecurrentEncoder;
  private readonly head: DenseLayer;

  constructor(cell: CellKind, dims: NetworkDims, units: number, layers: number, patch: number, seed: number) {
    this.encoder = new RecurrentEncoder(cell, dims.inputSize, dims.features, units, layers, patch, seed);
    this.head = new DenseLayer(units, dims.horizon, seed + 1, `${cell}_head`);
  }

  forward(x: tf.Tensor3D): tf.Tensor2D {
    return this.head.apply(this.encoder.last(x));
  }

  get variables(): tf.Variable[] {
    return [...this.encoder.variables, ...this.head.variables];
  }

  dispose(): void {
    this.encoder.dispose();
    this.head.dispose();
  }
}

export const RECURRENT_DEFAULTS: ModelDefaults = {
  learningRate: 2e-3,
  normalization: 'standard',
  loss: 'mae',
  clipNorm: 1,
  maxInput: 512,
};

type RecurrentParams = ModelParams<'lstm'> | ModelParams<'gru'>;

/** The shared body of the LSTM and GRU models; they differ in the cell only. */
export abstract class RecurrentModel<K extends 'lstm' | 'gru'> extends NeuralModel<K> {
  protected readonly defaults = RECURRENT_DEFAULTS;
  protected abstract readonly cell: CellKind;

  constructor(protected readonly recurrent: RecurrentParams) {
    super(recurrent);
  }

  protected patch(dims: NetworkDims): number {
    return Math.min(this.recurrent.patch ?? defaultPatch(dims.inputSize), dims.inputSize);
  }

  protected build(dims: NetworkDims, seed: number): Network {
    const { units, layers, highway } = this.recurrent;
    return withHighway(new RecurrentDirectNet(this.cell, dims, units, layers, this.patch(dims), seed), dims, seed, highway);
  }

  protected describe(dims: NetworkDims): Record<string, unknown> {
    return { units: this.recurrent.units, layers: this.recurrent.layers, patch: this.patch(dims), highway: this.recurrent.highway };
  }
}

/** LSTM encoder (fused WASM kernels where available) with a direct multi-step dense head. */
export class LstmModel extends RecurrentModel<'lstm'> {
  readonly kind = 'lstm' as const;
  protected readonly cell = 'lstm' as const;
}
