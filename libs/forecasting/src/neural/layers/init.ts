import * as tf from '@tensorflow/tfjs-core';
import { normalSampler } from '@foretell/contracts';

/**
 * Seeded weight initialisers computed in JS, so the same seed gives the same starting weights on every backend
 * (reproducibility is a requirement of issue 4). Conventions follow Keras: Glorot-uniform kernels, orthogonal
 * recurrent kernels. The generator is contracts' `seededRandom`.
 */

/** Uniform in ±sqrt(6 / (fanIn + fanOut)). */
export function glorotUniform(rows: number, cols: number, rand: () => number): Float32Array {
  const limit = Math.sqrt(6 / (rows + cols));
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = (2 * rand() - 1) * limit;
  return out;
}

/** A rows × cols matrix with orthonormal rows (rows ≤ cols) or columns, by Gram-Schmidt on Gaussian vectors. */
export function orthogonal(rows: number, cols: number, rand: () => number): Float32Array {
  const n = Math.min(rows, cols);
  const len = Math.max(rows, cols);
  const normal = normalSampler(rand);
  const basis: Float64Array[] = [];
  while (basis.length < n) {
    const v = Float64Array.from({ length: len }, normal);
    for (const b of basis) {
      let dot = 0;
      for (let i = 0; i < len; i++) dot += v[i] * b[i];
      for (let i = 0; i < len; i++) v[i] -= dot * b[i];
    }
    const norm = Math.hypot(...v);
    if (norm < 1e-6) continue;
    for (let i = 0; i < len; i++) v[i] /= norm;
    basis.push(v);
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = rows <= cols ? basis[r][c] : basis[c][r];
  }
  return out;
}

export function variable(values: Float32Array, shape: number[], name?: string): tf.Variable {
  return tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'), true, name ? uniqueName(name) : undefined));
}

let nameCounter = 0;
/** tfjs variable names are global; a suffix keeps two models in one process from colliding. */
function uniqueName(name: string): string {
  return `${name}_${++nameCounter}`;
}
