/**
 * Ingest benchmark: uploads m4-weekly-train.csv (366,912 rows) through the API until the dataset is ready, and in the
 * same run loads the same file with `psql \copy` into a bare table. Prints both times, the ratio (goal ≤ 2×) and the
 * API's and worker's peak memory (VmHWM).
 *
 *   node -r @swc-node/register bench/ingest.ts [--repeat 3] [--file PATH]
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MIGRATIONS_DIR, migrateDatabase, withDatabase } from '@foretell/db';

const ROOT = resolve(__dirname, '..');
const { values: args } = parseArgs({
  options: {
    repeat: { type: 'string', default: '3' },
    file: { type: 'string', default: resolve(ROOT, '../shared/datasets/m4-weekly-train.csv') },
  },
});
const BASE = process.env.PG_URL_BASE ?? 'postgresql://postgres@127.0.0.1:5432';
const DB = 'foretell_bench_ingest';
const DATABASE_URL = withDatabase(BASE, DB);
const PORT = 3911;

function psql(db: string, sql: string) {
  execFileSync('psql', [withDatabase(BASE, db), '-qc', sql], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** Child processes of a process (the worker's sandboxed processors). */
function childrenOf(child: ChildProcess): number[] {
  const text = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim();
  return text ? text.split(/\s+/).map(Number) : [];
}

async function waitForHealth() {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('API did not start');
}

async function uploadViaApi(file: string): Promise<number> {
  const started = performance.now();
  const form = new FormData();
  form.append('file', new Blob([readFileSync(file)], { type: 'text/csv' }), 'm4-weekly-train.csv');
  const response = await fetch(`http://127.0.0.1:${PORT}/api/datasets`, { method: 'POST', body: form });
  let dataset = (await response.json()) as { id: string; status: string; error?: string };
  while (dataset.status === 'ingesting') {
    await new Promise((r) => setTimeout(r, 20));
    dataset = (await (await fetch(`http://127.0.0.1:${PORT}/api/datasets/${dataset.id}`)).json()) as typeof dataset;
  }
  if (dataset.status !== 'ready') throw new Error(`upload failed: ${JSON.stringify(dataset)}`);
  return (performance.now() - started) / 1000;
}

function copyViaPsql(file: string): number {
  psql(DB, 'DROP TABLE IF EXISTS bare_copy; CREATE TABLE bare_copy (unique_id text, ds text, y double precision)');
  const started = performance.now();
  psql(DB, `\\copy bare_copy FROM '${file}' WITH (FORMAT csv, HEADER true)`);
  return (performance.now() - started) / 1000;
}

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main() {
  const file = resolve(args.file!);
  psql('postgres', `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await migrateDatabase({ databaseUrl: DATABASE_URL, migrationsDir: MIGRATIONS_DIR });
  const env = { ...process.env, DATABASE_URL, PORT: String(PORT), QUEUE_PREFIX: `bench-${process.pid}`, LOG_LEVEL: 'warn' };
  const api = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], { cwd: ROOT, env, stdio: 'inherit' });
  const worker = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], { cwd: ROOT, env, stdio: 'inherit' });
  try {
    await waitForHealth();
    const apiIdleMb = peakRssMb(api.pid!);
    await uploadViaApi(file); // warm-up: JIT, connection pools, the sandboxed child
    const apiTimes: number[] = [];
    const copyTimes: number[] = [];
    for (let i = 0; i < Number(args.repeat); i++) {
      apiTimes.push(await uploadViaApi(file));
      copyTimes.push(copyViaPsql(file));
    }
    const a = median(apiTimes);
    const c = median(copyTimes);
    const mb = statSync(file).size / 1024 / 1024;
    console.log(`file: ${file} (${mb.toFixed(1)} MB)`);
    console.log(`API upload → ready (median of ${apiTimes.length}): ${a.toFixed(3)} s   [${apiTimes.map((t) => t.toFixed(3)).join(', ')}]`);
    console.log(`psql \\copy into a bare table (median):  ${c.toFixed(3)} s   [${copyTimes.map((t) => t.toFixed(3)).join(', ')}]`);
    console.log(`ratio API / psql: ${(a / c).toFixed(2)}×  (goal ≤ 2×)`);
    const sandboxes = childrenOf(worker).map((pid) => `${peakRssMb(pid).toFixed(0)} MB`);
    console.log(
      `peak memory (VmHWM): API ${peakRssMb(api.pid!).toFixed(0)} MB (${apiIdleMb.toFixed(0)} MB before the first upload); worker ${peakRssMb(worker.pid!).toFixed(0)} MB, ` +
        `its sandboxed children ${sandboxes.join(', ') || 'none'}`,
    );
  } finally {
    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    await Promise.all([api, worker].map((p) => new Promise((r) => p.once('exit', r))));
    psql('postgres', `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
