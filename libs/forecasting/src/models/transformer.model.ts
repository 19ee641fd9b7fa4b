import * as tf from '@tensorflow/tfjs-core';
import { seededRandom, type ModelParams } from '@foretell/contracts';
import { DenseLayer } from '../neural/layers/dense.layer';
import { variable } from '../neural/layers/init';
import type { Network, NetworkDims } from '../neural/training/network';
import { NeuralModel } from '../neural/training/neural-model';
import { EncoderLayer, LayerNormWeights, SeededDropout } from '../neural/layers/transformer-blocks';
import type { ModelDefaults } from '../neural/training/training-defaults';
import { withHighway } from './highway';

export interface PatchPlan {
  length: number;
  stride: number;
  /** Patches per window, after padding the end with `stride` copies of the last step (as PatchTST does). */
  count: number;
}

/** Default patches: about 32 per window, each two strides long (PatchTST uses 16/8 on inputs of 336). */
export function planPatches(inputSize: number, length?: number, stride?: number): PatchPlan {
  const s = stride ?? Math.max(1, Math.round(inputSize / 32));
  const p = Math.min(length ?? 2 * s, inputSize);
  return { length: p, stride: s, count: Math.floor((inputSize + s - p) / s) + 1 };
}

/**
 * PatchTST-style encoder (Nie et al., 2023): the input window is cut into overlapping patches, each patch is one
 * token (a linear embedding plus a learned position), a stack of self-attention encoder layers mixes the tokens,
 * and a linear head maps all of them to the horizon.
 */
export class PatchTransformerNet implements Network {
  private readonly embed: DenseLayer;
  private readonly position: tf.Variable;
  private readonly layers: EncoderLayer[] = [];
  private readonly norm: LayerNormWeights;
  private readonly head: DenseLayer;
  private readonly dropout: SeededDropout;
  private readonly gatherIndex: tf.Tensor1D;

  constructor(
    private readonly dims: NetworkDims,
    private readonly patches: PatchPlan,
    params: ModelParams<'transformer'>,
    seed: number,
  ) {
    const { dModel: d, heads, layers, feedForward, dropout } = params;
    const { length: P, stride: S, count: N } = patches;
    this.embed = new DenseLayer(P * dims.features, d, seed, 'patch_embed');
    const rand = seededRandom(seed + 11);
    this.position = variable(Float32Array.from({ length: N * d }, () => (rand() - 0.5) * 0.04), [N, d], 'patch_position');
    for (let l = 0; l < layers; l++) this.layers.push(new EncoderLayer(d, heads, feedForward, seed + 100 * (l + 1)));
    this.norm = new LayerNormWeights(d);
    this.head = new DenseLayer(N * d, dims.horizon, seed + 3, 'transformer_head');
    this.dropout = new SeededDropout(dropout, seed);
    const index = new Int32Array(N * P);
    for (let n = 0; n < N; n++) for (let j = 0; j < P; j++) index[n * P + j] = n * S + j;
    this.gatherIndex = tf.tensor1d(index, 'int32');
  }

  forward(x: tf.Tensor3D, training: boolean): tf.Tensor2D {
    const [batch, steps, features] = x.shape;
    const { length: P, stride: S, count: N } = this.patches;
    const d = this.embed.outputs;
    const drop = <T extends tf.Tensor>(t: T) => this.dropout.apply(t, training);
    const padded = tf.concat([x, tf.tile(tf.slice(x, [0, steps - 1, 0], [batch, 1, features]), [1, S, 1])], 1);
    const patches = tf.reshape(tf.gather(padded, this.gatherIndex, 1), [batch * N, P * features]) as tf.Tensor2D;
    const embedded = tf.reshape(this.embed.apply(patches), [batch, N, d]);
    let z = drop(tf.reshape(tf.add(embedded, this.position), [batch * N, d]) as tf.Tensor2D);
    const layerDrop = training && this.dropout.rate > 0 ? drop : null;
    for (const layer of this.layers) z = layer.apply(z, N, layerDrop);
    const flat = tf.reshape(this.norm.apply(z), [batch, N * d]) as tf.Tensor2D;
    return this.head.apply(drop(flat));
  }

  get variables(): tf.Variable[] {
    return [
      ...this.embed.variables,
      this.position,
      ...this.layers.flatMap((l) => l.variables),
      ...this.norm.variables,
      ...this.head.variables,
    ];
  }

  dispose(): void {
    this.embed.dispose();
    if (!this.position.isDisposed) this.position.dispose();
    for (const l of this.layers) l.dispose();
    this.norm.dispose();
    this.head.dispose();
    this.gatherIndex.dispose();
    void this.dims;
  }
}

/** The patch Transformer: self-attention over input patches with a direct multi-step head. */
export class TransformerModel extends NeuralModel<'transformer'> {
  readonly kind = 'transformer' as const;
  protected readonly defaults: ModelDefaults = {
    learningRate: 1e-3,
    normalization: 'standard',
    loss: 'mae',
    clipNorm: 1,
    maxInput: 512,
  };

  constructor(private readonly transformer: ModelParams<'transformer'>) {
    super(transformer);
  }

  private patches(dims: NetworkDims): PatchPlan {
    return planPatches(dims.inputSize, this.transformer.patchLength, this.transformer.patchStride);
  }

  protected build(dims: NetworkDims, seed: number): Network {
    return withHighway(new PatchTransformerNet(dims, this.patches(dims), this.transformer, seed), dims, seed, this.transformer.highway);
  }

  protected describe(dims: NetworkDims): Record<string, unknown> {
    const { dModel, heads, layers, feedForward, dropout, highway } = this.transformer;
    const { length, stride, count } = this.patches(dims);
    return { dModel, heads, layers, feedForward, dropout, highway, patchLength: length, patchStride: stride, patches: count };
  }
}
