import * as tf from '@tensorflow/tfjs-core';
import { DenseLayer } from './dense.layer';
import { variable } from './init';
import { encoderLayer } from '../ops/encoder-layer';
import { gelu, layerNorm, selfAttention } from '../ops/transformer.ops';

/**
 * A pre-norm Transformer encoder layer (Vaswani et al., 2017, with the normalisation moved before each block as in
 * GPT-2 and PatchTST's Transformer variants) on token matrices [batch · tokens, d]. Attention, layer norm, GELU and
 * the dense products are the fused WASM ops of ../transformer.ops (plain tfjs ops on other backends).
 */

/** Layer-norm gain and offset. */
export class LayerNormWeights {
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;

  constructor(readonly size: number) {
    this.gamma = variable(new Float32Array(size).fill(1), [size], 'ln_gamma');
    this.beta = variable(new Float32Array(size), [size], 'ln_beta');
  }

  apply(x: tf.Tensor2D): tf.Tensor2D {
    return layerNorm(x, this.gamma as tf.Tensor1D, this.beta as tf.Tensor1D);
  }

  get variables(): tf.Variable[] {
    return [this.gamma, this.beta];
  }

  dispose(): void {
    for (const v of this.variables) if (!v.isDisposed) v.dispose();
  }
}

/** z + Drop(Attention(LN(z))), then z + Drop(FFN(LN(z))). */
export class EncoderLayer {
  private readonly norm1: LayerNormWeights;
  private readonly norm2: LayerNormWeights;
  private readonly qkv: DenseLayer;
  private readonly out: DenseLayer;
  private readonly ff1: DenseLayer;
  private readonly ff2: DenseLayer;

  constructor(
    d: number,
    private readonly heads: number,
    feedForward: number,
    seed: number,
  ) {
    if (d % heads !== 0) throw new RangeError(`dModel (${d}) must be a multiple of heads (${heads})`);
    this.norm1 = new LayerNormWeights(d);
    this.norm2 = new LayerNormWeights(d);
    this.qkv = new DenseLayer(d, 3 * d, seed, 'attention_qkv');
    this.out = new DenseLayer(d, d, seed + 1, 'attention_out');
    this.ff1 = new DenseLayer(d, feedForward, seed + 2, 'ff_in');
    this.ff2 = new DenseLayer(feedForward, d, seed + 3, 'ff_out');
  }

  /** `drop` is null when no dropout applies: the whole layer then runs as one fused WASM op where available. */
  apply(z: tf.Tensor2D, tokens: number, drop: ((t: tf.Tensor2D) => tf.Tensor2D) | null): tf.Tensor2D {
    if (!drop) {
      const fused = encoderLayer(z, this.variables, tokens, this.heads);
      if (fused) return fused;
      drop = (t) => t;
    }
    const attended = selfAttention(this.qkv.apply(this.norm1.apply(z)), tokens, this.heads);
    const z1 = tf.add(z, drop(this.out.apply(attended))) as tf.Tensor2D;
    const hidden = gelu(this.ff1.apply(this.norm2.apply(z1)));
    return tf.add(z1, drop(this.ff2.apply(hidden))) as tf.Tensor2D;
  }

  /** In the order the fused layer takes: LN1, Wqkv, Wo, LN2, W1, W2 (each weight then bias). */
  get variables(): tf.Variable[] {
    return [
      ...this.norm1.variables,
      ...this.qkv.variables,
      ...this.out.variables,
      ...this.norm2.variables,
      ...this.ff1.variables,
      ...this.ff2.variables,
    ];
  }

  dispose(): void {
    this.norm1.dispose();
    this.norm2.dispose();
    for (const l of [this.qkv, this.out, this.ff1, this.ff2]) l.dispose();
  }
}

/** Seeded dropout: each call draws a fresh mask from a counter, so a fit repeats exactly for one seed. */
export class SeededDropout {
  private calls = 0;

  constructor(
    readonly rate: number,
    private readonly seed: number,
  ) {}

  apply<T extends tf.Tensor>(x: T, training: boolean): T {
    if (!training || this.rate <= 0) return x;
    return tf.dropout(x, this.rate, undefined, this.seed * 7919 + ++this.calls) as T;
  }
}
