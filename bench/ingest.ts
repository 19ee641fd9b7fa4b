/**
 * Ingest benchmark: uploads m4-weekly-train.csv (366,912 rows) through the API until the dataset is ready, and in the
 * same run loads the same file with `psql \copy` into a bare table. Prints both times, the ratio (goal ≤ 2×) and the
 * API's and worker's peak memory (VmHWM).
 *
 *   node -r @swc-node/register bench/ingest.ts [--repeat 3] [--file PATH]
 *
 * --smoke: the first 2,000 rows of the file, once (no figures worth quoting: a check that the bench still runs).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { benchArgs, headOfCsv, intArg } from './args';
import { childrenOf, peakRssMb } from './proc-stats';
import { ROOT, startBenchStack, type BenchStack } from './stack';

const USAGE = `node -r @swc-node/register bench/ingest.ts [--repeat 3] [--file PATH] [--smoke]`;
const args = benchArgs(USAGE, {
  repeat: { type: 'string', default: '3' },
  file: { type: 'string', default: resolve(ROOT, '../shared/datasets/m4-weekly-train.csv') },
});

function psql(databaseUrl: string, sql: string) {
  execFileSync('psql', [databaseUrl, '-qc', sql], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Uploads as a script does (the member key), and polls until the dataset is ready. */
async function uploadViaApi(stack: BenchStack, file: string): Promise<number> {
  const started = performance.now();
  const form = new FormData();
  form.append('file', new Blob([readFileSync(file)], { type: 'text/csv' }), basename(file));
  const response = await fetch(`${stack.url}/datasets`, { method: 'POST', body: form, headers: stack.auth });
  if (response.status >= 400) throw new Error(`upload refused (${response.status}): ${await response.text()}`);
  let dataset = (await response.json()) as { id: string; status: string; error?: string };
  while (dataset.status === 'ingesting') {
    await new Promise((r) => setTimeout(r, 20));
    dataset = (await (await fetch(`${stack.url}/datasets/${dataset.id}`, { headers: stack.auth })).json()) as typeof dataset;
  }
  if (dataset.status !== 'ready') throw new Error(`upload failed: ${JSON.stringify(dataset)}`);
  return (performance.now() - started) / 1000;
}

function copyViaPsql(databaseUrl: string, file: string): number {
  psql(databaseUrl, 'DROP TABLE IF EXISTS bare_copy; CREATE TABLE bare_copy (unique_id text, ds text, y double precision)');
  const started = performance.now();
  psql(databaseUrl, `\\copy bare_copy FROM '${file}' WITH (FORMAT csv, HEADER true)`);
  return (performance.now() - started) / 1000;
}

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main() {
  const file = args.smoke ? headOfCsv(resolve(args.file), 2_000) : resolve(args.file);
  const repeat = args.smoke ? 1 : intArg(args.repeat, 'repeat', 1);
  const stack = await startBenchStack('ingest');
  const { api, worker } = stack;
  try {
    const apiIdleMb = peakRssMb(api.pid!);
    await uploadViaApi(stack, file); // warm-up: JIT, connection pools, the sandboxed child
    const apiTimes: number[] = [];
    const copyTimes: number[] = [];
    for (let i = 0; i < repeat; i++) {
      apiTimes.push(await uploadViaApi(stack, file));
      copyTimes.push(copyViaPsql(stack.database.url, file));
    }
    const a = median(apiTimes);
    const c = median(copyTimes);
    const mb = statSync(file).size / 1024 / 1024;
    console.log(`file: ${file} (${mb.toFixed(1)} MB)`);
    console.log(`API upload → ready (median of ${apiTimes.length}): ${a.toFixed(3)} s   [${apiTimes.map((t) => t.toFixed(3)).join(', ')}]`);
    console.log(`psql \\copy into a bare table (median):  ${c.toFixed(3)} s   [${copyTimes.map((t) => t.toFixed(3)).join(', ')}]`);
    console.log(`ratio API / psql: ${(a / c).toFixed(2)}×  (goal ≤ 2×)`);
    const sandboxes = childrenOf(worker.pid!).map((pid) => `${peakRssMb(pid).toFixed(0)} MB`);
    console.log(
      `peak memory (VmHWM): API ${peakRssMb(api.pid!).toFixed(0)} MB (${apiIdleMb.toFixed(0)} MB before the first upload); worker ${peakRssMb(worker.pid!).toFixed(0)} MB, ` +
        `its sandboxed children ${sandboxes.join(', ') || 'none'}`,
    );
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
