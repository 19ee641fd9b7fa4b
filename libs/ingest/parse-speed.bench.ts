/**
 * Parse speed of @foretell/ingest on the largest shared dataset, from bytes in memory (no disk, no database).
 *
 *   node -r @swc-node/register libs/ingest/parse-speed.bench.ts [file] [repeats]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ingestCsv } from './src/index';

const file = process.argv[2] ?? resolve(__dirname, '../../../shared/datasets/m4-weekly-train.csv');
const repeats = Number(process.argv[3] ?? 10);
const bytes = new Uint8Array(readFileSync(file));
const CHUNK = 64 * 1024; // a typical stream chunk

async function* chunks() {
  for (let at = 0; at < bytes.length; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
}

async function main() {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < repeats + 1; i++) {
    const started = performance.now();
    const parsed = await ingestCsv(chunks());
    if (i > 0) times.push(performance.now() - started); // the first run warms the JIT
    rows = parsed.profile.rows;
  }
  times.sort((a, b) => a - b);
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  console.log(`${file}: ${(bytes.length / 1e6).toFixed(1)} MB, ${rows} rows`);
  console.log(`min ${times[0].toFixed(0)} ms, median ${times[Math.floor(times.length / 2)].toFixed(0)} ms over ${times.length} runs; heap after ${heapMb.toFixed(0)} MB`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
