/**
 * Scale benchmark: a fresh stack (database, queue prefix, the API, worker processes; bench/stack.ts) with the upload
 * limits raised to fit, a generated file of many series (bench/make-scale-data.ts) uploaded through the API until
 * ready (ingest time, the ingesting worker's peak memory) and paged through `GET /api/datasets/:id/series`; then, for
 * each worker count, fresh worker processes run the models on the whole dataset and on a subset of its first series.
 * Prints per setting: wall time, fit jobs processed, each worker's peak memory (its process tree, polled from /proc)
 * and CPU seconds, forecast rows written per second; and fails unless the subset's leaderboard is the same with every
 * worker count as with the first.
 *
 *   node -r @swc-node/register bench/scale.ts [--series 100000] [--points 300] [--workers 1,2,4]
 *     [--models seasonal_naive,theta,auto_ets] [--subset 2000] [--file PATH] [--ingest-only]
 *
 * The file is generated with seed 1 unless --file names one (it is kept for the next run under the system's temporary
 * directory). --smoke: 300 series × 60 points, workers 1 and 2, a subset of 100 (a check that it runs).
 */
import { existsSync, openAsBlob, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import pg from 'pg';
import { QUEUES } from '@foretell/contracts';
import { createQueue, createRedisConnection } from '@foretell/queue';
import { benchArgs, intArg, listArg } from './args';
import { writeScaleData } from './make-scale-data';
import { cpuSeconds, peakRssMb, rssMb, treeSum } from './proc-stats';
import { startBenchStack, type BenchStack } from './stack';

const USAGE =
  'node -r @swc-node/register bench/scale.ts [--series 100000] [--points 300] [--workers 1,2,4] ' +
  '[--models seasonal_naive,theta,auto_ets] [--subset 2000] [--file PATH] [--ingest-only] [--smoke]';
const args = benchArgs(USAGE, {
  series: { type: 'string', default: '100000' },
  points: { type: 'string', default: '300' },
  workers: { type: 'string', default: '1,2,4' },
  models: { type: 'string', default: 'seasonal_naive,theta,auto_ets' },
  subset: { type: 'string', default: '2000' },
  file: { type: 'string' },
  'ingest-only': { type: 'boolean', default: false },
});
const SMOKE = args.smoke;
const SERIES = SMOKE ? 300 : intArg(args.series, 'series', 1);
const POINTS = SMOKE ? 60 : intArg(args.points, 'points', 30);
const SUBSET = Math.min(SERIES, SMOKE ? 100 : intArg(args.subset, 'subset', 1));
const WORKER_COUNTS = SMOKE ? [1, 2] : listArg(args.workers).map((w) => intArg(w, 'workers', 1));
const MODELS = listArg(args.models);
const HORIZON = 13;
const SEED = 1;
const POLL_MS = 250;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const seconds = (since: number) => (performance.now() - since) / 1000;

/** The generated file of `series` series (the first `n` series of a seed's file are the same whatever its length). */
async function dataFile(series: number): Promise<string> {
  const file = join(tmpdir(), `foretell-scale-${series}x${POINTS}-seed${SEED}.csv`);
  if (!existsSync(file)) await writeScaleData(file, { series, points: POINTS, seed: SEED });
  return file;
}

async function api<T>(stack: BenchStack, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${stack.url}${path}`, { ...init, headers: { ...stack.auth, ...init.headers } });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Polls `check` every second until it answers; a long run is waited for as long as it takes. */
async function until<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/**
 * Each worker's peak memory over its process tree (the worker and its sandboxed children, summed) while `work` runs,
 * and the CPU seconds each tree used.
 */
async function watchWorkers<T>(stack: BenchStack, work: () => Promise<T>) {
  const pids = stack.workers.map((w) => w.pid!);
  const peaks = pids.map(() => 0);
  const cpuBefore = pids.map((pid) => treeSum(pid, cpuSeconds));
  const cpuSeen = [...cpuBefore];
  const timer = setInterval(() => {
    pids.forEach((pid, i) => {
      peaks[i] = Math.max(peaks[i]!, treeSum(pid, rssMb));
      // Children's CPU is counted while they live; they live as long as the worker's sandbox pool keeps them.
      cpuSeen[i] = Math.max(cpuSeen[i]!, treeSum(pid, cpuSeconds));
    });
  }, POLL_MS);
  try {
    const result = await work();
    return { result, peaksMb: peaks, cpuSeconds: cpuSeen.map((c, i) => c - cpuBefore[i]!) };
  } finally {
    clearInterval(timer);
  }
}

/** Uploads a file as a stream (never whole in memory) and waits until its dataset is ready. */
async function upload(stack: BenchStack, file: string): Promise<string> {
  const form = new FormData();
  form.append('file', await openAsBlob(file, { type: 'text/csv' }), basename(file));
  const { id } = await api<{ id: string }>(stack, '/datasets', { method: 'POST', body: form });
  await until(async () => {
    const dataset = await api<{ status: string; error?: string }>(stack, `/datasets/${id}`);
    if (dataset.status === 'failed') throw new Error(`ingest of ${file} failed: ${dataset.error}`);
    return dataset.status === 'ready' ? true : undefined;
  });
  return id;
}

/** Every series key, page by page (10,000 a page, after the last key of the page before). */
async function pageSeries(stack: BenchStack, datasetId: string): Promise<{ keys: number; pages: number }> {
  const keys = new Set<string>();
  let pages = 0;
  for (let after = ''; ; pages++) {
    const page = await api<{ id: string }[]>(stack, `/datasets/${datasetId}/series?limit=10000${after && `&after=${encodeURIComponent(after)}`}`);
    const before = keys.size;
    for (const s of page) keys.add(s.id);
    if (page.length < 10_000) return { keys: keys.size, pages: pages + 1 };
    if (keys.size === before) throw new Error(`GET /datasets/:id/series?after=${after} gave no new series: paging does not advance`);
    after = page.at(-1)!.id;
  }
}

interface LeaderboardRow {
  kind: string;
  status: string;
  rank: number | null;
  metrics: unknown;
  perStep: unknown;
  coverage: unknown;
  fitSeconds: number | null;
}

/** Runs the models on a dataset; resolves when the run ends, with its leaderboard. */
async function runModels(stack: BenchStack, datasetId: string): Promise<{ runId: string; leaderboard: LeaderboardRow[] }> {
  const body = { datasetId, horizon: HORIZON, models: MODELS.map((kind) => ({ kind })), backtest: { windows: 1 } };
  const { id } = await api<{ id: string }>(stack, '/runs', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const run = await until(async () => {
    const r = await api<{ status: string; leaderboard: LeaderboardRow[] }>(stack, `/runs/${id}`);
    return r.status === 'completed' || r.status === 'failed' || r.status === 'cancelled' ? r : undefined;
  });
  const failed = run.leaderboard.filter((m) => m.status !== 'completed');
  if (run.status !== 'completed' || failed.length) throw new Error(`run ${id} ended ${run.status}: ${JSON.stringify(failed)}`);
  return { runId: id, leaderboard: run.leaderboard };
}

/** What must not depend on how many workers ran it: everything but timings. */
const comparable = (leaderboard: LeaderboardRow[]) =>
  JSON.stringify(leaderboard.map(({ kind, status, rank, metrics, perStep, coverage }) => ({ kind, status, rank, metrics, perStep, coverage })));

async function forecastRows(db: pg.Client, runId: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    'SELECT count(*) AS n FROM "Forecast" f JOIN "RunModel" m ON m.id = f."runModelId" WHERE m."runId" = $1',
    [runId],
  );
  return Number(rows[0]!.n);
}

async function completedFits(stack: BenchStack): Promise<number> {
  const connection = createRedisConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const queue = createQueue(QUEUES.modelFits, { connection, prefix: stack.queuePrefix });
  try {
    return (await queue.getJobCounts('completed')).completed ?? 0;
  } finally {
    await queue.close();
    await connection.quit();
  }
}

async function main() {
  const file = args.file ? resolve(args.file) : await dataFile(SERIES);
  const subsetFile = await dataFile(SUBSET);
  const megabytes = statSync(file).size / 1024 / 1024;
  const rows = SERIES * POINTS;
  // The defaults protect a normal deployment; this one is sized to the file (see docs/SCALING.md).
  const stack = await startBenchStack('scale', {
    env: {
      UPLOAD_MAX_BYTES: String(statSync(file).size + 1024 * 1024),
      UPLOAD_MAX_SERIES: String(Math.max(SERIES, 10_000)),
      UPLOAD_MAX_ROWS: String(Math.max(rows, 10_000_000)),
      UPLOAD_MAX_POINTS: String(Math.max(rows * 2, 50_000_000)),
    },
  });
  // A long bench is often stopped by hand: the API, the workers, the database and the queue keys go with it.
  const interrupted = () => void stack.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  const db = new pg.Client({ connectionString: stack.database.url });
  await db.connect();
  try {
    console.log(`file: ${file} (${megabytes.toFixed(0)} MB, ${SERIES} series × ${POINTS} points); load average ${load()}`);
    let started = performance.now();
    const ingest = await watchWorkers(stack, () => upload(stack, file));
    const datasetId = ingest.result;
    console.log(
      `upload → ready: ${seconds(started).toFixed(1)} s (${(rows / seconds(started) / 1e3).toFixed(0)} k rows/s); ` +
        `worker peak ${ingest.peaksMb[0]!.toFixed(0)} MB (its process tree), API peak ${peakRssMb(stack.api.pid!).toFixed(0)} MB; load average ${load()}`,
    );
    started = performance.now();
    const paged = await pageSeries(stack, datasetId);
    if (paged.keys !== SERIES) throw new Error(`paging GET /datasets/:id/series listed ${paged.keys} series, not ${SERIES}`);
    console.log(`GET /api/datasets/:id/series: ${paged.keys} series in ${paged.pages} pages, ${seconds(started).toFixed(1)} s`);
    if (args['ingest-only']) return;
    const subsetId = await upload(stack, subsetFile);

    let reference: string | undefined;
    console.log(`\nmodels ${MODELS.join(', ')}, horizon ${HORIZON}, 1 backtest window; subset: the first ${SUBSET} series`);
    for (const workers of WORKER_COUNTS) {
      // Fresh workers, so each one's memory is this setting's (a smoke run keeps the first to save a start).
      if (!(SMOKE && workers === stack.workers.length)) await stack.restartWorkers(workers);
      const subset = await runModels(stack, subsetId);
      reference ??= comparable(subset.leaderboard);
      const same = comparable(subset.leaderboard) === reference;
      const fitsBefore = await completedFits(stack);
      started = performance.now();
      const watched = await watchWorkers(stack, () => runModels(stack, datasetId));
      const wall = seconds(started);
      const written = await forecastRows(db, watched.result.runId);
      const fits = (await completedFits(stack)) - fitsBefore;
      console.log(
        `${workers} worker(s): ${wall.toFixed(1)} s wall, ${fits} fit jobs, ${written} forecast rows (${(written / wall).toFixed(0)}/s); ` +
          `peak MB per worker ${watched.peaksMb.map((m) => m.toFixed(0)).join(', ')}; ` +
          `CPU s per worker ${watched.cpuSeconds.map((c) => c.toFixed(0)).join(', ')}; ` +
          `subset leaderboard ${same ? 'same as' : 'DIFFERS from'} the first setting's; load average ${load()}`,
      );
      console.log(`  fit seconds: ${watched.result.leaderboard.map((m) => `${m.kind} ${m.fitSeconds?.toFixed(1)}`).join(', ')}`);
      if (!same) throw new Error(`the subset's leaderboard with ${workers} workers differs:\n${comparable(subset.leaderboard)}\nvs\n${reference}`);
    }
  } finally {
    await db.end();
    await stack.stop();
  }
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
