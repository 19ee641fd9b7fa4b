import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { backendInfo, BACKEND_ENV, initBackend, parseBackendChoice } from './backend';

function installed(pkg: string): boolean {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

describe('initBackend', () => {
  afterAll(async () => {
    await initBackend('wasm', { log: null });
  });

  it('parses the names people type and rejects others with the list of choices', () => {
    expect(parseBackendChoice('WASM')).toBe('wasm');
    expect(parseBackendChoice('tfjs-node')).toBe('tensorflow');
    expect(parseBackendChoice('node-gpu')).toBe('tensorflow-gpu');
    expect(() => parseBackendChoice('webgl')).toThrow(/tensorflow-gpu, tensorflow, wasm, cpu/);
  });

  it('picks the first backend that starts, logs it and records it', async () => {
    const lines: string[] = [];
    const name = await initBackend(undefined, { env: {}, log: (m) => lines.push(m) });
    const native = installed('@tensorflow/tfjs-node-gpu') || installed('@tensorflow/tfjs-node');
    expect(name).toBe(native ? 'tensorflow' : 'wasm');
    expect(tf.getBackend()).toBe(name);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
    expect(backendInfo()).toMatchObject({ requested: 'auto', name });
    if (name === 'wasm') expect(backendInfo()).toMatchObject({ simd: true, threads: 1 });
  });

  it('lets the environment variable force a backend, over the caller preference', async () => {
    const name = await initBackend('wasm', { env: { [BACKEND_ENV]: 'cpu' }, log: null });
    expect(name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(backendInfo()).toMatchObject({ requested: 'cpu', flavour: 'cpu' });
    // And the backend computes.
    expect(Array.from(tf.add(tf.tensor1d([1, 2]), 1).dataSync())).toEqual([2, 3]);
  });

  it('honours the caller preference without the variable', async () => {
    expect(await initBackend('wasm', { env: {}, log: null })).toBe('wasm');
  });

  it('makes tf.clone share data on WASM, safely (reference counted)', async () => {
    await initBackend('wasm', { env: {}, log: null });
    const before = tf.memory();
    const a = tf.tensor1d([1, 2, 3]);
    const b = tf.clone(a);
    // One buffer for both (tfjs counts numBytes per tensor, numDataBuffers per buffer).
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers + 1);
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3]);
    b.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
  });

  it.skipIf(installed('@tensorflow/tfjs-node'))('fails loudly when a forced native backend is absent', async () => {
    await expect(initBackend(undefined, { env: { [BACKEND_ENV]: 'tfjs-node' }, log: null })).rejects.toThrow(
      /"tensorflow" \(from FORETELL_TF_BACKEND\) could not start: @tensorflow\/tfjs-node is not installed/,
    );
    // The failed attempt leaves the previous backend active.
    expect(tf.getBackend()).toBe('wasm');
  });
});
