import * as tf from '@tensorflow/tfjs-core';
import { GRU_BACKWARD, GRU_FORWARD, registerGruKernels } from '../wasm/gru.kernels';
import { LSTM_BACKWARD, LSTM_FORWARD, registerLstmKernels } from '../wasm/lstm.kernels';

/**
 * LSTM and GRU over a whole sequence, zero initial state. On the WASM backend each runs as two fused kernels (one
 * forward, one backward: ../wasm/lstm.kernels.ts, ../wasm/gru.kernels.ts) under `tf.customGrad`; elsewhere (tfjs-node,
 * cpu) as plain ops with autodiff, which are also the references the fused paths are tested against.
 */

export interface RecurrentOptions {
  /** Every hidden state [batch, steps, units] instead of the last [batch, units]. */
  returnSequences?: boolean;
  /** Use the fused WASM kernels when the backend is WASM (default). `false` forces plain tfjs ops. */
  fused?: boolean;
}

export interface LstmWeights {
  /** [inputs, 4·units], gate blocks i, f, g, o (Keras and PyTorch order). */
  kernel: tf.Tensor2D;
  /** [units, 4·units] */
  recurrentKernel: tf.Tensor2D;
  /** [4·units] */
  bias: tf.Tensor1D;
}

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

/** An LSTM with sigmoid gates and tanh activations. */
export function lstm(x: tf.Tensor3D, w: LstmWeights, options: RecurrentOptions = {}): tf.Tensor {
  const returnSequences = options.returnSequences ?? false;
  if ((options.fused ?? true) && tf.getBackend() === 'wasm') {
    registerLstmKernels();
    return fusedLstm[returnSequences ? 1 : 0](x, w.kernel, w.recurrentKernel, w.bias);
  }
  return lstmReference(x, w, returnSequences);
}

/** A GRU in the "reset after" form of PyTorch and cuDNN (see ../wasm/gru.kernels.ts). */
export function gru(x: tf.Tensor3D, w: GruWeights, options: RecurrentOptions = {}): tf.Tensor {
  const returnSequences = options.returnSequences ?? false;
  if ((options.fused ?? true) && tf.getBackend() === 'wasm') {
    registerGruKernels();
    return fusedGru[returnSequences ? 1 : 0](x, w.kernel, w.recurrentKernel, w.bias, w.recurrentBias);
  }
  return gruReference(x, w, returnSequences);
}

/**
 * A fused whole-sequence op: the forward kernel takes `inputs` (x, kernel, recurrentKernel, biases) and returns the
 * output, then the intermediates named `saved`; the backward kernel takes dy, the two kernels and those intermediates,
 * and returns the gradient of every input.
 */
function fusedSequenceOp(forward: string, backward: string, inputs: readonly string[], saved: readonly string[], returnSequences: boolean) {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const given = args.slice(0, inputs.length) as tf.Tensor[];
    const save = args[inputs.length] as tf.GradSaveFunc;
    const named = Object.fromEntries(inputs.map((name, i) => [name, given[i]]));
    const [out, ...intermediates] = tf.engine().runKernel(forward, named, { returnSequences }) as tf.Tensor[];
    save([named.kernel, named.recurrentKernel, ...intermediates]);
    return {
      value: out,
      gradFunc: (dy: tf.Tensor, [kernel, recurrentKernel, ...kept]: tf.Tensor[]) => {
        const backwardInputs = { dy, kernel, recurrentKernel, ...Object.fromEntries(saved.map((name, i) => [name, kept[i]])) };
        return tf.engine().runKernel(backward, backwardInputs, { returnSequences }) as tf.Tensor[];
      },
    };
  }) as (...inputs: tf.Tensor[]) => tf.Tensor;
}

/** [last state, every state] variants of each op. */
const fusedLstm = [false, true].map((seq) =>
  fusedSequenceOp(LSTM_FORWARD, LSTM_BACKWARD, ['x', 'kernel', 'recurrentKernel', 'bias'], ['hx', 'act', 'cs', 'tc'], seq),
);
const fusedGru = [false, true].map((seq) =>
  fusedSequenceOp(GRU_FORWARD, GRU_BACKWARD, ['x', 'kernel', 'recurrentKernel', 'bias', 'recurrentBias'], ['hx', 'act', 'hn', 'xa'], seq),
);

/** x·kernel + bias for every step at once, as one [batch, gates·units] tensor per step. */
function projectedSteps(x: tf.Tensor3D, w: { kernel: tf.Tensor2D; bias: tf.Tensor1D }): tf.Tensor[] {
  const [batch, steps, inputs] = x.shape;
  const projected = tf.add(tf.matMul(tf.reshape(x, [batch * steps, inputs]), w.kernel), w.bias);
  return tf.unstack(tf.reshape(projected, [batch, steps, w.kernel.shape[1]]), 1);
}

/** The same LSTM in plain tfjs ops (autodiff gradients). */
export function lstmReference(x: tf.Tensor3D, w: LstmWeights, returnSequences = false): tf.Tensor {
  return unrolled(x, w, returnSequences, 2, (xt, [h, c]) => {
    const [i, f, g, o] = tf.split(tf.add(xt, tf.matMul(h, w.recurrentKernel)), 4, 1);
    const next = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
    return [tf.mul(tf.sigmoid(o), tf.tanh(next)), next];
  });
}

/** The same GRU in plain tfjs ops (autodiff gradients). */
export function gruReference(x: tf.Tensor3D, w: GruWeights, returnSequences = false): tf.Tensor {
  return unrolled(x, w, returnSequences, 1, (xt, [h]) => {
    const [xr, xz, xn] = tf.split(xt, 3, 1);
    const [hr, hz, hn] = tf.split(tf.add(tf.matMul(h, w.recurrentKernel), w.recurrentBias), 3, 1);
    const r = tf.sigmoid(tf.add(xr, hr));
    const z = tf.sigmoid(tf.add(xz, hz));
    const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
    return [tf.add(n, tf.mul(z, tf.sub(h, n)))];
  });
}

/**
 * A recurrence in plain ops: `step` maps the projected input of a step and the state (h first, then any other
 * state, each [batch, units], zero at the start) to the next state.
 */
function unrolled(
  x: tf.Tensor3D,
  w: { kernel: tf.Tensor2D; recurrentKernel: tf.Tensor2D; bias: tf.Tensor1D },
  returnSequences: boolean,
  states: number,
  step: (xt: tf.Tensor, state: tf.Tensor[]) => tf.Tensor[],
): tf.Tensor {
  return tf.tidy(() => {
    let state: tf.Tensor[] = Array.from({ length: states }, () => tf.zeros([x.shape[0], w.recurrentKernel.shape[0]]));
    const hs = projectedSteps(x, w).map((xt) => (state = step(xt, state))[0]);
    return returnSequences ? tf.stack(hs, 1) : state[0];
  });
}
