import * as tf from '@tensorflow/tfjs-core';

/**
 * Seeded weight initialisers computed in JS, so the same seed gives the same starting weights on every backend
 * (reproducibility is a requirement of issue 4). Conventions follow Keras: Glorot-uniform kernels, orthogonal
 * recurrent kernels.
 */

/** mulberry32: small, fast, good enough for initialisation and shuffling. Returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box-Muller. */
export function normalSampler(rand: () => number): () => number {
  return () => {
    const u = 1 - rand();
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

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
