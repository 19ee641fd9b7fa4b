/**
 * The command line against a real server: a fresh database, the API and a worker in their own processes (as in
 * production; the cli may not import the API's test helpers), the first account signed up over HTTP and its API keys.
 * Then `forecast --server` as a user runs it, in a child process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const AIRLINE = resolve(ROOT, '../shared/datasets/airline-passengers.csv');
const PG = (process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres').replace(/\/[^/]*$/, '');
const DATABASE = `foretell_cli_it_${process.pid}_${Date.now().toString(36)}`;

let server = '';
let memberKey = '';
let viewerKey = '';
let dir = '';
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
    probe.on('error', fail);
  });
}

function node(script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', script], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** Runs the command line as a user would (`npm run forecast -- …`). */
function forecast(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, FORETELL_API_KEY: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'foretell-cli-remote-'));
  const databaseUrl = `${PG}/${DATABASE}`;
  const migrated = spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/db-migrate.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  if (migrated.status !== 0) throw new Error(`migrating ${DATABASE} failed: ${migrated.stderr}`);
  const port = await freePort();
  const env = { ...process.env, DATABASE_URL: databaseUrl, QUEUE_PREFIX: `cli-it-${process.pid}`, PORT: String(port), LOG_LEVEL: 'warn' };
  node('apps/worker/src/main.ts', env);
  node('apps/api/src/main.ts', env);
  server = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const up = await fetch(`${server}/api/health`).then((r) => r.ok, () => false);
    if (up) break;
    if (i > 120) throw new Error('the API did not come up in 60 s');
    await new Promise((r) => setTimeout(r, 500));
  }

  // The first account (its owner), then a member and a viewer key, as the dashboard's API keys page makes them.
  const signup = await post('/auth/signup', { email: 'cli-owner@example.com', password: 'cli owner password 1' });
  expect(signup.status).toBe(201);
  const cookies = signup.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
  const csrf = cookies.find((c) => c.startsWith('foretell_csrf='))?.split('=')[1] ?? '';
  const session = { cookie: cookies.join('; '), 'x-csrf-token': csrf };
  for (const role of ['member', 'viewer'] as const) {
    const created = await post('/api-keys', { name: `cli ${role}`, role }, session);
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };
    if (role === 'member') memberKey = key;
    else viewerKey = key;
  }
}, 180_000);

afterAll(async () => {
  await Promise.all(
    children.map(
      (child) =>
        new Promise((done) => {
          if (child.exitCode !== null) return done(null);
          child.once('exit', done);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
  spawnSync('psql', [`${PG}/postgres`, '-qc', `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`]);
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('forecast --server', () => {
  it('uploads the file, runs on the server, prints the leaderboard and writes the outputs', async () => {
    const out = join(dir, 'out');
    const run = await forecast(['--server', server, '--input', AIRLINE, '--horizon', '12', '--models', 'naive,seasonal_naive', '--windows', '2', '--out', out], {
      FORETELL_API_KEY: memberKey,
    });
    expect(run.stderr).toMatch(/\[2\/2\]/);
    expect(run.code, run.stderr).toBe(0);
    // Seasonal naive beats naive on the strongly seasonal airline series: ranked first on the printed leaderboard.
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^rank\s+model\s+mase/);
    expect(lines[1]).toMatch(/^1\s+seasonal_naive\s/);
    expect(lines[2]).toMatch(/^2\s+naive\s/);

    const leaderboard = JSON.parse(await readFile(join(out, 'leaderboard.json'), 'utf8')) as {
      status: string;
      horizon: number;
      models: { kind: string; rank: number; metrics: { mase: number } }[];
    };
    expect(leaderboard.status).toBe('completed');
    expect(leaderboard.horizon).toBe(12);
    expect(leaderboard.models.map((m) => m.kind)).toEqual(['seasonal_naive', 'naive']);
    const [best, second] = leaderboard.models;
    expect(best?.metrics.mase).toBeLessThan(second?.metrics.mase ?? 0);

    // The forecasts against the raw file: naive repeats the last value, seasonal naive the last year.
    const values = (await readFile(AIRLINE, 'utf8')).trim().split(/\r?\n/).slice(1).map((l) => Number(l.split(',').at(-1)));
    const rows = (await readFile(join(out, 'forecasts.csv'), 'utf8')).trim().split('\n');
    expect(rows[0]).toBe('series_id,model,timestamp,yhat,lo_80,hi_80,lo_95,hi_95');
    const yhat = (model: string) => rows.slice(1).map((r) => r.split(',')).filter((r) => r[1] === model).map((r) => Number(r[3]));
    expect(yhat('naive')).toEqual(Array(12).fill(values.at(-1)));
    expect(yhat('seasonal_naive')).toEqual(values.slice(-12));
    expect(rows.find((r) => r.includes(',naive,'))).toMatch(/,1961-01-01T00:00:00\.000Z,/);
    const backtest = (await readFile(join(out, 'backtest.csv'), 'utf8')).trim().split('\n');
    expect(backtest.length).toBe(1 + 2 * 2 * 12); // two models, two windows of 12
  }, 180_000);

  it('writes a deep model\'s resolved settings into leaderboard.json, as a local run does', async () => {
    const out = join(dir, 'deep');
    const args = ['--server', server, '--input', AIRLINE, '--horizon', '12', '--models', 'nlinear', '--params', 'nlinear={"epochs":1,"inputSize":24}', '--out', out];
    const run = await forecast(args, { FORETELL_API_KEY: memberKey });
    expect(run.code, run.stderr).toBe(0);
    const leaderboard = JSON.parse(await readFile(join(out, 'leaderboard.json'), 'utf8')) as { models: { kind: string; settings?: Record<string, unknown> }[] };
    expect(leaderboard.models[0]).toMatchObject({ kind: 'nlinear', settings: { inputSize: 24, epochs: 1, valueScale: 'both' } });
  }, 180_000);

  it('says why the server refused: a wrong key (401), a viewer key (403), a bad file (400)', async () => {
    const args = ['--server', server, '--input', AIRLINE, '--horizon', '12', '--models', 'naive', '--out', join(dir, 'refused')];
    const wrong = await forecast([...args, '--api-key', 'ft_not-a-real-key']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/did not accept the API key \(401\)/);

    const viewer = await forecast(args, { FORETELL_API_KEY: viewerKey });
    expect(viewer.code).toBe(2);
    expect(viewer.stderr).toMatch(/\(403\).*member.*yours is viewer/s);

    const bad = join(dir, 'bad.csv');
    await writeFile(bad, ['date,value', ...Array.from({ length: 20 }, (_, d) => `2021-01-${String(d + 1).padStart(2, '0')},${d === 5 ? 'twelve' : d}`)].join('\n'));
    const refused = await forecast(['--server', server, '--input', bad, '--horizon', '3', '--models', 'naive', '--api-key', memberKey]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/\(400\)/);
    expect(refused.stderr).toMatch(/row 7.*twelve/);

    const noKey = await forecast(args);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/needs an API key/);
  }, 120_000);
});
