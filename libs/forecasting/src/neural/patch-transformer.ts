import * as tf from '@tensorflow/tfjs-core';
import { DenseLayer } from './dense.layer';
import { normalSampler, seededRandom, variable } from './init';
import { encoderLayer } from './encoder-layer';
import { gelu, layerNorm, patchEmbed, selfAttention } from './transformer.ops';
import type { TrainableModel } from './trainer';

export interface PatchTransformerConfig {
  /** Input steps L and features per step. */
  steps: number;
  features?: number;
  horizon: number;
  /** Patch length and the step between patch starts (PatchTST: 16 and 8 for L = 336). */
  patch: number;
  stride: number;
  dModel: number;
  heads: number;
  /** Width of the feed-forward block. */
  ff: number;
  layers: number;
  seed: number;
  /** false: plain tfjs ops even on WASM (the reference path). */
  fused?: boolean;
}

/** One pre-norm encoder layer: z + Attn(LN(z)), then z + FF(LN(z)). */
class EncoderLayer {
  readonly norm1: tf.Variable[];
  readonly norm2: tf.Variable[];
  readonly qkv: DenseLayer;
  readonly out: DenseLayer;
  readonly ff1: DenseLayer;
  readonly ff2: DenseLayer;

  constructor(d: number, ff: number, seed: number, name: string) {
    const ones = () => new Float32Array(d).fill(1);
    this.norm1 = [variable(ones(), [d], `${name}_ln1_gamma`), variable(new Float32Array(d), [d], `${name}_ln1_beta`)];
    this.norm2 = [variable(ones(), [d], `${name}_ln2_gamma`), variable(new Float32Array(d), [d], `${name}_ln2_beta`)];
    // PyTorch's initialisation of nn.TransformerEncoderLayer: Glorot q|k|v, zero attention biases, nn.Linear's
    // default elsewhere (it trains markedly faster here than Glorot everywhere).
    this.qkv = new DenseLayer(d, 3 * d, seed, `${name}_qkv`);
    this.out = new DenseLayer(d, d, seed + 1, `${name}_out`, 'torch');
    this.out.bias.assign(tf.zerosLike(this.out.bias));
    this.ff1 = new DenseLayer(d, ff, seed + 2, `${name}_ff1`, 'torch');
    this.ff2 = new DenseLayer(ff, d, seed + 3, `${name}_ff2`, 'torch');
  }

  apply(z: tf.Tensor2D, tokens: number, heads: number, fused?: boolean): tf.Tensor2D {
    const whole = encoderLayer(z, this.weights(), tokens, heads, fused);
    if (whole) return whole;
    const ln = (x: tf.Tensor2D, [g, b]: tf.Variable[]) => layerNorm(x, g as tf.Tensor1D, b as tf.Tensor1D, fused);
    const attended = selfAttention(this.qkv.apply(ln(z, this.norm1), fused), tokens, heads, fused);
    const z1 = tf.add(z, this.out.apply(attended, fused)) as tf.Tensor2D;
    const hidden = gelu(this.ff1.apply(ln(z1, this.norm2), fused), fused);
    return tf.add(z1, this.ff2.apply(hidden, fused)) as tf.Tensor2D;
  }

  /** In the order `encoderLayer` takes them. */
  weights(): tf.Tensor[] {
    const [g1, b1] = this.norm1;
    const [g2, b2] = this.norm2;
    return [g1, b1, ...this.qkv.variables, ...this.out.variables, g2, b2, ...this.ff1.variables, ...this.ff2.variables];
  }

  get variables(): tf.Variable[] {
    return [...this.norm1, ...this.norm2, ...[this.qkv, this.out, this.ff1, this.ff2].flatMap((l) => l.variables)];
  }
}

/**
 * A PatchTST-style encoder (Nie et al., 2023): the input window is cut into overlapping patches, each patch is
 * embedded linearly and given a learned position, pre-norm Transformer encoder layers mix the patches, and a linear
 * head maps all patch states to the horizon. Every product is a 2-D [batch · patches, d] matmul except attention
 * itself, which runs as one fused kernel on WASM.
 */
export class PatchTransformer implements TrainableModel {
  readonly tokens: number;
  readonly embed: DenseLayer;
  readonly position: tf.Variable;
  readonly layers: EncoderLayer[] = [];
  readonly head: DenseLayer;
  private readonly index: tf.Tensor1D;

  constructor(readonly config: PatchTransformerConfig) {
    const { steps, patch, stride, dModel, heads, seed } = config;
    const features = config.features ?? 1;
    if (patch > steps) throw new RangeError(`patch (${patch}) is longer than the input (${steps} steps)`);
    if (dModel % heads !== 0) throw new RangeError(`dModel (${dModel}) must be a multiple of heads (${heads})`);
    this.tokens = Math.floor((steps - patch) / stride) + 1;
    // Flat positions in [steps · features] of every patch value, patch by patch.
    const idx: number[] = [];
    for (let n = 0; n < this.tokens; n++) {
      for (let p = 0; p < patch; p++) for (let f = 0; f < features; f++) idx.push((n * stride + p) * features + f);
    }
    this.index = tf.keep(tf.tensor1d(idx, 'int32'));
    this.embed = new DenseLayer(patch * features, dModel, seed, 'patch_embed', 'torch');
    const normal = normalSampler(seededRandom(seed + 7));
    const pos = Float32Array.from({ length: this.tokens * dModel }, () => 0.02 * normal());
    this.position = variable(pos, [this.tokens, dModel], 'patch_position');
    for (let l = 0; l < config.layers; l++) {
      this.layers.push(new EncoderLayer(dModel, config.ff, seed + 10 * (l + 1), `enc${l}`));
    }
    this.head = new DenseLayer(this.tokens * dModel, config.horizon, seed + 5, 'patch_head', 'torch');
  }

  forward(x: tf.Tensor3D): tf.Tensor2D {
    const { dModel, heads, fused } = this.config;
    const [batch, steps, features] = x.shape;
    return tf.tidy(() => {
      const { kernel, bias } = this.embed;
      const position = this.position as tf.Tensor2D;
      let z = patchEmbed(x, kernel as tf.Tensor2D, bias as tf.Tensor1D, position, this.config.stride, fused);
      if (!z) {
        const flat = tf.reshape(x, [batch, steps * features]);
        const width = this.index.size / this.tokens;
        const patches = tf.reshape(tf.gather(flat, this.index, 1), [batch * this.tokens, width]) as tf.Tensor2D;
        const embedded = tf.reshape(this.embed.apply(patches, fused), [batch, this.tokens, dModel]);
        z = tf.reshape(tf.add(embedded, this.position), [batch * this.tokens, dModel]) as tf.Tensor2D;
      }
      for (const layer of this.layers) z = layer.apply(z, this.tokens, heads, fused);
      return this.head.apply(tf.reshape(z, [batch, this.tokens * dModel]) as tf.Tensor2D, fused);
    });
  }

  get variables(): tf.Variable[] {
    return [...this.embed.variables, this.position, ...this.layers.flatMap((l) => l.variables), ...this.head.variables];
  }

  get parameterCount(): number {
    return this.variables.reduce((n, v) => n + v.size, 0);
  }

  dispose(): void {
    for (const v of this.variables) if (!v.isDisposed) v.dispose();
    this.index.dispose();
  }
}
