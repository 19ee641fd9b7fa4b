import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Test-only readers for the shared reference datasets (the engine itself takes numeric arrays; real CSV parsing
 * lives in @foretell/ingest, which this library must not import). They read the files' known simple shapes only.
 */
export const DATASETS_DIR = resolve(__dirname, '../../../../../shared/datasets');

/** A long `unique_id,ds,y` file as series in file order. */
export function readLongCsv(file: string): { ids: string[]; series: Float64Array[] } {
  const lines = readFileSync(resolve(DATASETS_DIR, file), 'utf8').split('\n');
  const byId = new Map<string, number[]>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const first = line.indexOf(',');
    const last = line.lastIndexOf(',');
    const id = line.slice(0, first);
    let values = byId.get(id);
    if (!values) byId.set(id, (values = []));
    values.push(line.slice(last + 1) === '' ? NaN : Number(line.slice(last + 1)));
  }
  return { ids: [...byId.keys()], series: [...byId.values()].map((v) => Float64Array.from(v)) };
}

/** One numeric column of a small single-series file with a header (quoted or not). */
export function readColumn(file: string, column: number): Float64Array {
  const lines = readFileSync(resolve(DATASETS_DIR, file), 'utf8').split('\n').slice(1).filter(Boolean);
  return Float64Array.from(lines.map((l) => Number(l.split(',')[column].replace(/"/g, ''))));
}
