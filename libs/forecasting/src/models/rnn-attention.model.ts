import * as tf from '@tensorflow/tfjs-core';
import type { ModelParams } from '@foretell/contracts';
import { DenseLayer } from '../neural/layers/dense.layer';
import type { Network, NetworkDims } from '../neural/training/network';
import { NeuralModel } from '../neural/training/neural-model';
import { defaultPatch, RecurrentEncoder, type CellKind } from '../neural/layers/recurrent-encoder';
import { RECURRENT_DEFAULTS } from './lstm.model';
import { withHighway } from './highway';

/**
 * Recurrent encoder with attention over its states (Luong et al., 2015, "general" score): the last state asks, every
 * state answers, and the head reads the last state together with the attention-weighted context. Scores and context
 * are elementwise products and sums, so no batched matmul is needed.
 */
class RecurrentAttentionNet implements Network {
  private readonly encoder: RecurrentEncoder;
  private readonly query: DenseLayer;
  private readonly head: DenseLayer;

  constructor(cell: CellKind, dims: NetworkDims, units: number, layers: number, patch: number, seed: number) {
    this.encoder = new RecurrentEncoder(cell, dims.inputSize, dims.features, units, layers, patch, seed);
    this.query = new DenseLayer(units, units, seed + 2, 'attention_query');
    this.head = new DenseLayer(2 * units, dims.horizon, seed + 3, 'attention_head');
  }

  forward(x: tf.Tensor3D): tf.Tensor2D {
    const { states, last } = this.encoder.sequence(x);
    const [batch, steps, units] = states.shape;
    const q = tf.reshape(this.query.apply(last), [batch, 1, units]);
    const scores = tf.mul(tf.sum(tf.mul(states, q), 2), 1 / Math.sqrt(units));
    const weights = tf.reshape(tf.softmax(scores), [batch, steps, 1]);
    const context = tf.sum(tf.mul(states, weights), 1) as tf.Tensor2D;
    return this.head.apply(tf.concat([last, context], 1));
  }

  get variables(): tf.Variable[] {
    return [...this.encoder.variables, ...this.query.variables, ...this.head.variables];
  }

  dispose(): void {
    this.encoder.dispose();
    this.query.dispose();
    this.head.dispose();
  }
}

/** The hybrid: LSTM or GRU encoder, attention over its states, direct multi-step head. */
export class RnnAttentionModel extends NeuralModel<'rnn_attention'> {
  readonly kind = 'rnn_attention' as const;
  protected readonly defaults = RECURRENT_DEFAULTS;

  constructor(private readonly hybrid: ModelParams<'rnn_attention'>) {
    super(hybrid);
  }

  private patch(dims: NetworkDims): number {
    return Math.min(this.hybrid.patch ?? defaultPatch(dims.inputSize), dims.inputSize);
  }

  protected build(dims: NetworkDims, seed: number): Network {
    const { cell, units, layers, highway } = this.hybrid;
    return withHighway(new RecurrentAttentionNet(cell, dims, units, layers, this.patch(dims), seed), dims, seed, highway);
  }

  protected describe(dims: NetworkDims): Record<string, unknown> {
    const { cell, units, layers, highway } = this.hybrid;
    return { cell, units, layers, patch: this.patch(dims), highway };
  }
}
