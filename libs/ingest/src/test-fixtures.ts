import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The shared reference datasets, beside the repository (../shared/datasets from its root). Test-only. */
export const DATASETS_DIR = resolve(__dirname, '../../../../shared/datasets');

export function datasetBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(resolve(DATASETS_DIR, file)));
}

/** Cuts bytes at random points (chunks of 1..maxChunk bytes), as a network stream may. */
export async function* randomChunks(bytes: Uint8Array, random: () => number, maxChunk: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; ) {
    const size = 1 + Math.floor(random() * maxChunk);
    yield bytes.slice(at, at + size);
    at += size;
  }
}

export async function* chunksOf<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}
