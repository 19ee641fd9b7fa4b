import * as tf from '@tensorflow/tfjs-core';
import { glorotUniform, orthogonal, seededRandom, variable } from './init';
import { LSTM_BACKWARD, LSTM_FORWARD, registerLstmKernels } from '../wasm/lstm.kernels';

export interface LstmWeights {
  /** [inputs, 4·units], gate blocks i, f, g, o (Keras and PyTorch order). */
  kernel: tf.Tensor2D;
  /** [units, 4·units] */
  recurrentKernel: tf.Tensor2D;
  /** [4·units] */
  bias: tf.Tensor1D;
}

export interface RecurrentOptions {
  /** Every hidden state [batch, steps, units] instead of the last [batch, units]. */
  returnSequences?: boolean;
  /** Use the fused WASM kernels when the backend is WASM (default). `false` forces plain tfjs ops. */
  fused?: boolean;
}

/**
 * An LSTM over a whole sequence, zero initial state, sigmoid gates and tanh activations. On the WASM backend this
 * runs as two fused kernels under `tf.customGrad` (see lstm.kernels.ts); elsewhere (tfjs-node, cpu) as plain ops
 * with autodiff, which is also the reference the fused path is tested against.
 */
export function lstm(x: tf.Tensor3D, w: LstmWeights, options: RecurrentOptions = {}): tf.Tensor {
  const returnSequences = options.returnSequences ?? false;
  if ((options.fused ?? true) && tf.getBackend() === 'wasm') {
    registerLstmKernels();
    return (returnSequences ? fusedSeq : fusedLast)(x, w.kernel, w.recurrentKernel, w.bias);
  }
  return lstmReference(x, w, returnSequences);
}

function fusedLstm(returnSequences: boolean) {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, kernel, recurrentKernel, bias] = args as tf.Tensor[];
    const save = args[4] as tf.GradSaveFunc;
    const [out, hx, act, cs, tc] = tf
      .engine()
      .runKernel(LSTM_FORWARD, { x, kernel, recurrentKernel, bias }, { returnSequences }) as tf.Tensor[];
    save([kernel, recurrentKernel, hx, act, cs, tc]);
    return {
      value: out,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [k, u, hxS, actS, csS, tcS] = saved;
        return tf
          .engine()
          .runKernel(
            LSTM_BACKWARD,
            { dy, kernel: k, recurrentKernel: u, hx: hxS, act: actS, cs: csS, tc: tcS },
            { returnSequences },
          ) as tf.Tensor[];
      },
    };
  });
}

const fusedLast = fusedLstm(false);
const fusedSeq = fusedLstm(true);

/** The same LSTM in plain tfjs ops (autodiff gradients). */
export function lstmReference(x: tf.Tensor3D, w: LstmWeights, returnSequences = false): tf.Tensor {
  return tf.tidy(() => {
    const [batch, steps, inputs] = x.shape;
    const units = w.recurrentKernel.shape[0];
    const xp = tf.reshape(tf.add(tf.matMul(tf.reshape(x, [batch * steps, inputs]), w.kernel), w.bias), [
      batch,
      steps,
      4 * units,
    ]);
    const xs = tf.unstack(xp, 1);
    let h: tf.Tensor = tf.zeros([batch, units]);
    let c: tf.Tensor = tf.zeros([batch, units]);
    const hs: tf.Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      const z = tf.add(xs[t], tf.matMul(h, w.recurrentKernel));
      const [i, f, g, o] = tf.split(z, 4, 1);
      c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
      h = tf.mul(tf.sigmoid(o), tf.tanh(c));
      hs.push(h);
    }
    return returnSequences ? tf.stack(hs, 1) : h;
  });
}

/** Trainable LSTM weights with Keras-style initialisation (forget-gate bias 1), seeded. */
export class LstmLayer {
  readonly kernel: tf.Variable;
  readonly recurrentKernel: tf.Variable;
  readonly bias: tf.Variable;

  constructor(
    readonly inputs: number,
    readonly units: number,
    seed: number,
    name = 'lstm',
  ) {
    const rand = seededRandom(seed);
    const g = 4 * units;
    const bias = new Float32Array(g);
    bias.fill(1, units, 2 * units);
    this.kernel = variable(glorotUniform(inputs, g, rand), [inputs, g], `${name}_kernel`);
    this.recurrentKernel = variable(orthogonal(units, g, rand), [units, g], `${name}_recurrent`);
    this.bias = variable(bias, [g], `${name}_bias`);
  }

  apply(x: tf.Tensor3D, options: RecurrentOptions = {}): tf.Tensor {
    return lstm(x, this.weights(), options);
  }

  weights(): LstmWeights {
    return {
      kernel: this.kernel as tf.Tensor2D,
      recurrentKernel: this.recurrentKernel as tf.Tensor2D,
      bias: this.bias as tf.Tensor1D,
    };
  }

  get variables(): tf.Variable[] {
    return [this.kernel, this.recurrentKernel, this.bias];
  }

  dispose(): void {
    for (const v of this.variables) if (!v.isDisposed) v.dispose();
  }
}
