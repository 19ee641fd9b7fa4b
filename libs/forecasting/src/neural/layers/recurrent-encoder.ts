import * as tf from '@tensorflow/tfjs-core';
import { GruLayer } from './gru.layer';
import { LstmLayer } from './lstm.layer';

export type CellKind = 'lstm' | 'gru';

/** Steps a recurrent encoder should see at most by default: longer inputs are cut into segments (patches). */
const MAX_DEFAULT_STEPS = 32;

/** Default segment length: the smallest that leaves at most MAX_DEFAULT_STEPS steps. */
export function defaultPatch(inputSize: number): number {
  return Math.max(1, Math.ceil(inputSize / MAX_DEFAULT_STEPS));
}

/**
 * Stacked LSTM or GRU layers over an input cut into segments of `patch` consecutive steps (each segment is one
 * step of `patch · features` inputs, as in SegRNN): long contexts cost fewer sequential steps, which is what makes
 * recurrent nets slow. The fused layers of ../lstm.layer and ../gru.layer do the work.
 */
export class RecurrentEncoder {
  readonly layers: (LstmLayer | GruLayer)[] = [];
  readonly steps: number;
  private readonly padded: number;

  constructor(
    cell: CellKind,
    inputSize: number,
    features: number,
    readonly units: number,
    layers: number,
    readonly patch: number,
    seed: number,
  ) {
    this.steps = Math.ceil(inputSize / patch);
    this.padded = this.steps * patch - inputSize;
    for (let l = 0; l < layers; l++) {
      const inputs = l === 0 ? patch * features : units;
      const s = seed + 101 * l;
      this.layers.push(cell === 'lstm' ? new LstmLayer(inputs, units, s, `lstm${l}`) : new GruLayer(inputs, units, s, `gru${l}`));
    }
  }

  /** [batch, L, features] → the last state of the top layer [batch, units]. */
  last(x: tf.Tensor3D): tf.Tensor2D {
    const top = this.layers[this.layers.length - 1];
    return top.apply(this.below(x)) as tf.Tensor2D;
  }

  /** [batch, L, features] → every state of the top layer [batch, steps, units] and the last one [batch, units]. */
  sequence(x: tf.Tensor3D): { states: tf.Tensor3D; last: tf.Tensor2D } {
    const top = this.layers[this.layers.length - 1];
    const states = top.apply(this.below(x), { returnSequences: true }) as tf.Tensor3D;
    const batch = x.shape[0];
    const last = tf.reshape(tf.slice(states, [0, this.steps - 1, 0], [batch, 1, this.units]), [batch, this.units]);
    return { states, last: last as tf.Tensor2D };
  }

  /** Segments the input and runs every layer but the top one. */
  private below(x: tf.Tensor3D): tf.Tensor3D {
    const [batch, , features] = x.shape;
    // Pad the start with the first step so the input divides into whole segments.
    const first = tf.slice(x, [0, 0, 0], [batch, 1, features]);
    const full = this.padded > 0 ? tf.concat([tf.tile(first, [1, this.padded, 1]), x], 1) : x;
    let h = tf.reshape(full, [batch, this.steps, this.patch * features]) as tf.Tensor3D;
    for (let l = 0; l + 1 < this.layers.length; l++) h = this.layers[l].apply(h, { returnSequences: true }) as tf.Tensor3D;
    return h;
  }

  get variables(): tf.Variable[] {
    return this.layers.flatMap((l) => l.variables);
  }

  dispose(): void {
    for (const l of this.layers) l.dispose();
  }
}
