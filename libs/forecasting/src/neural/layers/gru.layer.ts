import * as tf from '@tensorflow/tfjs-core';
import { glorotUniform, orthogonal, seededRandom, variable } from './init';
import { GRU_BACKWARD, GRU_FORWARD, registerGruKernels } from '../wasm/gru.kernels';
import type { RecurrentOptions } from './lstm.layer';

export interface GruWeights {
  /** [inputs, 3·units], gate blocks r, z, n (PyTorch order). */
  kernel: tf.Tensor2D;
  /** [units, 3·units] */
  recurrentKernel: tf.Tensor2D;
  /** [3·units], added to the input projection. */
  bias: tf.Tensor1D;
  /** [3·units], added to the recurrent projection (inside the reset gate for n). */
  recurrentBias: tf.Tensor1D;
}

/**
 * A GRU over a whole sequence in the "reset after" form of PyTorch and cuDNN (see gru.kernels.ts), zero initial
 * state. Fused WASM kernels under `tf.customGrad` on the WASM backend, plain ops with autodiff elsewhere.
 */
export function gru(x: tf.Tensor3D, w: GruWeights, options: RecurrentOptions = {}): tf.Tensor {
  const returnSequences = options.returnSequences ?? false;
  if ((options.fused ?? true) && tf.getBackend() === 'wasm') {
    registerGruKernels();
    return (returnSequences ? fusedSeq : fusedLast)(x, w.kernel, w.recurrentKernel, w.bias, w.recurrentBias);
  }
  return gruReference(x, w, returnSequences);
}

function fusedGru(returnSequences: boolean) {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, kernel, recurrentKernel, bias, recurrentBias] = args as tf.Tensor[];
    const save = args[5] as tf.GradSaveFunc;
    const [out, hx, act, hn, xa] = tf
      .engine()
      .runKernel(GRU_FORWARD, { x, kernel, recurrentKernel, bias, recurrentBias }, { returnSequences }) as tf.Tensor[];
    save([kernel, recurrentKernel, hx, act, hn, xa]);
    return {
      value: out,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [k, u, hxS, actS, hnS, xaS] = saved;
        return tf
          .engine()
          .runKernel(
            GRU_BACKWARD,
            { dy, kernel: k, recurrentKernel: u, hx: hxS, act: actS, hn: hnS, xa: xaS },
            { returnSequences },
          ) as tf.Tensor[];
      },
    };
  });
}

const fusedLast = fusedGru(false);
const fusedSeq = fusedGru(true);

/** The same GRU in plain tfjs ops (autodiff gradients). */
export function gruReference(x: tf.Tensor3D, w: GruWeights, returnSequences = false): tf.Tensor {
  return tf.tidy(() => {
    const [batch, steps, inputs] = x.shape;
    const units = w.recurrentKernel.shape[0];
    const xp = tf.reshape(tf.add(tf.matMul(tf.reshape(x, [batch * steps, inputs]), w.kernel), w.bias), [
      batch,
      steps,
      3 * units,
    ]);
    const xs = tf.unstack(xp, 1);
    let h: tf.Tensor = tf.zeros([batch, units]);
    const hs: tf.Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      const [xr, xz, xn] = tf.split(xs[t], 3, 1);
      const [hr, hz, hn] = tf.split(tf.add(tf.matMul(h, w.recurrentKernel), w.recurrentBias), 3, 1);
      const r = tf.sigmoid(tf.add(xr, hr));
      const z = tf.sigmoid(tf.add(xz, hz));
      const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
      h = tf.add(n, tf.mul(z, tf.sub(h, n)));
      hs.push(h);
    }
    return returnSequences ? tf.stack(hs, 1) : h;
  });
}

/** Trainable GRU weights (Glorot kernel, orthogonal recurrent kernel, zero biases), seeded. */
export class GruLayer {
  readonly kernel: tf.Variable;
  readonly recurrentKernel: tf.Variable;
  readonly bias: tf.Variable;
  readonly recurrentBias: tf.Variable;

  constructor(
    readonly inputs: number,
    readonly units: number,
    seed: number,
    name = 'gru',
  ) {
    const rand = seededRandom(seed);
    const g = 3 * units;
    this.kernel = variable(glorotUniform(inputs, g, rand), [inputs, g], `${name}_kernel`);
    this.recurrentKernel = variable(orthogonal(units, g, rand), [units, g], `${name}_recurrent`);
    this.bias = variable(new Float32Array(g), [g], `${name}_bias`);
    this.recurrentBias = variable(new Float32Array(g), [g], `${name}_recurrent_bias`);
  }

  apply(x: tf.Tensor3D, options: RecurrentOptions = {}): tf.Tensor {
    return gru(x, this.weights(), options);
  }

  weights(): GruWeights {
    return {
      kernel: this.kernel as tf.Tensor2D,
      recurrentKernel: this.recurrentKernel as tf.Tensor2D,
      bias: this.bias as tf.Tensor1D,
      recurrentBias: this.recurrentBias as tf.Tensor1D,
    };
  }

  get variables(): tf.Variable[] {
    return [this.kernel, this.recurrentKernel, this.bias, this.recurrentBias];
  }

  dispose(): void {
    for (const v of this.variables) if (!v.isDisposed) v.dispose();
  }
}
