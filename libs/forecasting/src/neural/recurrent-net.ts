import * as tf from '@tensorflow/tfjs-core';
import { DenseLayer } from './dense.layer';
import { GruLayer } from './gru.layer';
import { LstmLayer } from './lstm.layer';
import type { TrainableModel } from './trainer';

export interface RecurrentNetConfig {
  cell: 'lstm' | 'gru';
  /** Features per step (1 for a univariate series). */
  inputs: number;
  units: number;
  horizon: number;
  seed: number;
  /** false: plain tfjs ops even on WASM (the reference path). */
  fused?: boolean;
}

/** Recurrent encoder → last hidden state → dense head with one output per horizon step (a direct forecaster). */
export class RecurrentNet implements TrainableModel {
  readonly encoder: LstmLayer | GruLayer;
  readonly head: DenseLayer;

  constructor(readonly config: RecurrentNetConfig) {
    const { cell, inputs, units, horizon, seed } = config;
    this.encoder = cell === 'lstm' ? new LstmLayer(inputs, units, seed) : new GruLayer(inputs, units, seed);
    this.head = new DenseLayer(units, horizon, seed + 1);
  }

  forward(x: tf.Tensor3D): tf.Tensor2D {
    const fused = this.config.fused;
    return tf.tidy(() => this.head.apply(this.encoder.apply(x, { fused }) as tf.Tensor2D, fused));
  }

  get variables(): tf.Variable[] {
    return [...this.encoder.variables, ...this.head.variables];
  }

  /** Number of trainable values. */
  get parameterCount(): number {
    return this.variables.reduce((n, v) => n + v.size, 0);
  }

  dispose(): void {
    this.encoder.dispose();
    this.head.dispose();
  }
}
