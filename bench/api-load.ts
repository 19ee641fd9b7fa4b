/**
 * API load benchmark: sets up its own stack — a fresh database, the API and a worker each in its own process as in
 * production — uploads m4-weekly-train.csv (359 series), completes a run of fast models on it, then loads three reads
 * with autocannon on loopback at 100 connections for a bounded time each: the leaderboard (GET /api/runs/:id), a
 * series (GET /api/datasets/:id/series/:key) and its forecasts (GET /api/runs/:id/forecasts?seriesId=), cycling
 * through the 359 series. Prints requests/s, p50/p90/p99 latency, errors and non-2xx responses (goal p99 ≤ 50 ms, no
 * errors), and as a reference measured in the same run a bare `node:http` server in its own process answering the
 * same paths with the same bytes: the floor of loopback, JSON transfer and autocannon on this machine. With --profile,
 * the API's CPU profile of each load (bench/profile-on-message.ts) is summarised by package (profiling slows it), and
 * the Postgres statements per request counted (pg_stat_database commits; each autocommitted statement is one).
 *
 *   node -r @swc-node/register bench/api-load.ts [--duration 10] [--connections 100] [--file PATH] [--profile]
 *
 * --smoke: the first 600 rows of the file, 1 s of load at 4 connections per endpoint (a check that it runs).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { benchArgs, headOfCsv, intArg } from './args';
import { summarizeProfile } from './cpu-profile-summary';
import { freePort, node, ROOT, startBenchStack, stop, waitFor, type BenchStack } from './stack';

const USAGE = `node -r @swc-node/register bench/api-load.ts [--duration 10] [--connections 100] [--file PATH] [--profile] [--smoke]`;
const args = benchArgs(USAGE, {
  duration: { type: 'string', default: '10' },
  connections: { type: 'string', default: '100' },
  file: { type: 'string', default: resolve(ROOT, '../shared/datasets/m4-weekly-train.csv') },
  profile: { type: 'boolean', default: false },
});
const SMOKE = args.smoke;
const DURATION_S = SMOKE ? 1 : intArg(args.duration, 'duration', 1);
const CONNECTIONS = SMOKE ? 4 : intArg(args.connections, 'connections', 1);
const MODELS = ['naive', 'seasonal_naive', 'theta'];

async function getJson<T>(stack: BenchStack, url: string): Promise<T> {
  const response = await fetch(url, { headers: stack.auth });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Sends a message to a child and waits for its answer (see profile-on-message.ts). */
async function ask(child: ChildProcess, message: string): Promise<string> {
  const answer = new Promise<string>((r) => child.once('message', r));
  child.send(message);
  return answer;
}

/** M4 Weekly uploaded and a run of fast models completed on it: the reads' data. */
async function prepareRun(stack: BenchStack, file: string) {
  const API = stack.url;
  const form = new FormData();
  form.append('file', new Blob([readFileSync(file)], { type: 'text/csv' }), basename(file));
  const uploaded = (await (await fetch(`${API}/datasets`, { method: 'POST', body: form, headers: stack.auth })).json()) as { id: string };
  await waitFor(
    'dataset ready',
    async () => {
      const d = await getJson<{ status: string; error?: string }>(stack, `${API}/datasets/${uploaded.id}`);
      if (d.status === 'failed') throw new Error(`ingest failed: ${d.error}`);
      return d.status === 'ready' ? d : undefined;
    },
    120_000,
  );
  const created = await fetch(`${API}/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...stack.auth },
    body: JSON.stringify({ datasetId: uploaded.id, horizon: 13, models: MODELS.map((kind) => ({ kind })), backtest: { windows: 2 } }),
  });
  const runId = ((await created.json()) as { id: string }).id;
  const run = await waitFor(
    'run completed',
    async () => {
      const r = await getJson<{ status: string; leaderboard: { kind: string; status: string }[] }>(stack, `${API}/runs/${runId}`);
      return r.status === 'completed' || r.status === 'failed' ? r : undefined;
    },
    300_000,
  );
  const failed = run.leaderboard.filter((m) => m.status !== 'completed');
  if (run.status !== 'completed' || failed.length) throw new Error(`run ended ${run.status}: ${JSON.stringify(run.leaderboard)}`);
  const series = await getJson<{ id: string }[]>(stack, `${API}/datasets/${uploaded.id}/series?limit=10000`);
  return { datasetId: uploaded.id, runId, keys: series.map((s) => s.id) };
}

/** The bare reference: answers each path with the bytes the API gave for it, from memory. */
async function startReference(bodies: Record<string, string>, dir: string, port: number): Promise<ChildProcess> {
  const file = join(dir, 'bodies.json');
  writeFileSync(file, JSON.stringify(bodies));
  const code = `
    const bodies = new Map(Object.entries(JSON.parse(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'))));
    require('http').createServer((req, res) => {
      const body = bodies.get(req.url);
      res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body ?? '{}');
    }).listen(${port}, '127.0.0.1', () => process.send('ready'));`;
  const server = node(['-e', code], process.env);
  await new Promise((ready) => server.once('message', ready));
  return server;
}

interface Load {
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  total: number;
}

async function load(origin: string, paths: string[], headers: Record<string, string>): Promise<Load> {
  let next = 0;
  const result = await autocannon({
    url: origin,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }) }],
  });
  const { latency, requests } = result;
  return {
    rps: requests.average,
    p50: latency.p50,
    p90: latency.p90,
    p99: latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    total: requests.total,
  };
}

const describeLoad = (l: Load) =>
  `${l.rps.toFixed(0).padStart(6)} req/s  p50 ${l.p50} ms  p90 ${l.p90} ms  p99 ${l.p99} ms  ` +
  `(${l.total} requests, ${l.errors} errors, ${l.timeouts} timeouts, ${l.non2xx} non-2xx)`;

/**
 * Postgres statements per request of `paths`: commits on the database around 100 sequential requests, once the
 * server has flushed its statistics (an idle backend flushes within 10 s in PostgreSQL 15+).
 */
async function statementsPerRequest(stack: BenchStack, paths: string[]): Promise<number> {
  const client = new pg.Client({ connectionString: stack.database.url });
  await client.connect();
  const commits = async () => {
    await new Promise((r) => setTimeout(r, 11_000));
    const { rows } = await client.query('SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()');
    return Number(rows[0].xact_commit);
  };
  try {
    const before = await commits();
    const n = 100;
    for (let i = 0; i < n; i++) await (await fetch(`${stack.origin}${paths[i % paths.length]}`, { headers: stack.auth })).arrayBuffer();
    return ((await commits()) - before - 1) / n; // less this client's own query
  } finally {
    await client.end();
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'api-load-'));
  const stack = await startBenchStack('api', {
    apiPreload: args.profile ? ['./bench/profile-on-message.ts'] : [],
    env: { CPU_PROFILE_DIR: dir },
  });
  const { api } = stack;
  let reference: ChildProcess | undefined;
  try {
    const started = performance.now();
    // Smoke: a few series (the first 600 rows), so the run and the reads take seconds.
    const file = SMOKE ? headOfCsv(resolve(args.file), 600) : resolve(args.file);
    const { datasetId, runId, keys } = await prepareRun(stack, file);
    console.log(
      `stack ready: ${keys.length} series ingested and a run of ${MODELS.join(', ')} completed in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`,
    );
    const endpoints = [
      { name: 'leaderboard', route: 'GET /api/runs/:id', paths: [`/api/runs/${runId}`] },
      {
        name: 'series',
        route: 'GET /api/datasets/:id/series/:key',
        paths: keys.map((key) => `/api/datasets/${datasetId}/series/${encodeURIComponent(key)}`),
      },
      {
        name: 'forecast',
        route: 'GET /api/runs/:id/forecasts?seriesId=',
        paths: keys.map((key) => `/api/runs/${runId}/forecasts?seriesId=${encodeURIComponent(key)}`),
      },
    ];
    console.log(`${CONNECTIONS} connections, ${DURATION_S} s per endpoint and per reference; paths cycle through the series`);
    let allMet = true;
    for (const endpoint of endpoints) {
      // The exact bytes of every path, for the reference (and a check that each read answers 200 before the load).
      const bodies: Record<string, string> = {};
      for (const path of endpoint.paths) {
        const response = await fetch(`${stack.origin}${path}`, { headers: stack.auth });
        if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
        bodies[path] = await response.text();
      }
      const meanKb = Object.values(bodies).reduce((sum, b) => sum + Buffer.byteLength(b), 0) / endpoint.paths.length / 1024;
      if (args.profile) await ask(api, 'cpu-profile'); // starts the profiler
      const ours = await load(stack.origin, endpoint.paths, stack.auth);
      const profile = args.profile ? await ask(api, 'cpu-profile') : undefined; // writes the profile
      const referencePort = await freePort();
      reference = await startReference(bodies, dir, referencePort);
      const bare = await load(`http://127.0.0.1:${referencePort}`, endpoint.paths, {});
      await stop(reference);
      reference = undefined;
      const met = ours.p99 <= 50 && ours.errors + ours.timeouts + ours.non2xx === 0;
      allMet &&= met;
      console.log(`${endpoint.name} (${endpoint.route}, ${endpoint.paths.length} path(s), mean body ${meanKb.toFixed(1)} KB)`);
      console.log(`  API:            ${describeLoad(ours)}  → ${met ? 'meets' : 'MISSES'} the goal (p99 ≤ 50 ms, no errors)`);
      console.log(`  bare node:http: ${describeLoad(bare)}`);
      const p99Ratio = bare.p99 > 0 ? `${(ours.p99 / bare.p99).toFixed(1)}×` : 'n/a (bare p99 < 1 ms)';
      console.log(`  API / bare: p99 ${p99Ratio}, throughput ${(ours.rps / bare.rps).toFixed(2)}×`);
      if (profile) {
        console.log(summarizeProfile(profile, ROOT).map((line) => `  profile: ${line}`).join('\n'));
        console.log(`  Postgres statements per request: ${(await statementsPerRequest(stack, endpoint.paths)).toFixed(2)}`);
      }
    }
    console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${allMet ? 'all reads meet the goal' : 'some reads miss the goal'}`);
  } finally {
    await stop(reference);
    await stack.stop();
    if (args.profile) console.log(`CPU profiles (open in Chrome DevTools): ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
