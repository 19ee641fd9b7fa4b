/**
 * The whole stack for the benches that measure it end to end (bench/ingest.ts, bench/api-load.ts, bench/scale.ts): a
 * fresh database, the API and workers each in its own process as in production, on a free port and a queue prefix of their own (so
 * two checkouts can run them at once), and the first account's member API key, as scripts use the API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createApiKey, signIn } from '../apps/api/src/testing/accounts';
import { createTestDatabase } from '@foretell/db';
import { createRedisConnection } from '@foretell/queue';

export const ROOT = resolve(__dirname, '..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A port nothing listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}

/** A child node process of the repository (IPC open, for bench/profile-on-message.ts). */
export function node(script: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, script, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

export async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type BenchStack = Awaited<ReturnType<typeof startBenchStack>>;

/** Starts the stack; `apiPreload` modules run first in the API process (e.g. the CPU profiler). */
export async function startBenchStack(name: string, { apiPreload = [] as string[], env: extraEnv = {} as Record<string, string> } = {}) {
  const database = await createTestDatabase(`foretell_bench_${name}`);
  const port = await freePort();
  const queuePrefix = `bench-${name}-${process.pid}`;
  const env = { ...process.env, DATABASE_URL: database.url, PORT: String(port), QUEUE_PREFIX: queuePrefix, LOG_LEVEL: 'warn', ...extraEnv };
  const api = node(['-r', '@swc-node/register', ...apiPreload.flatMap((p) => ['-r', p]), 'apps/api/src/main.ts'], env);
  const startWorker = () => node(['-r', '@swc-node/register', 'apps/worker/src/main.ts'], env);
  const worker = startWorker();
  const origin = `http://127.0.0.1:${port}`;
  const apiUrl = `${origin}/api`;
  const stack = {
    database,
    origin,
    url: apiUrl,
    api,
    /** The worker started with the stack. */
    worker,
    /** Every worker process running now, the first included. */
    workers: [worker],
    queuePrefix,
    /** Replaces the running workers by `count` fresh ones (their peak memory starts anew). */
    async restartWorkers(count: number) {
      await Promise.all(stack.workers.map(stop));
      stack.workers = Array.from({ length: count }, startWorker);
    },
    /** The member key's header, sent with every request the bench makes. */
    auth: {} as Record<string, string>,
    async stop() {
      await Promise.all([stop(api), ...stack.workers.map(stop)]);
      await database.drop();
      await deleteQueueKeys(queuePrefix);
    },
  };
  try {
    await waitFor('API health', async () => ((await fetch(`${apiUrl}/health`)).ok ? true : undefined), 60_000);
    const owner = await signIn(apiUrl, { email: 'bench@example.com', password: `bench-${process.pid}-${Date.now()}` });
    stack.auth.authorization = `Bearer ${await createApiKey(apiUrl, owner)}`;
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}

async function deleteQueueKeys(prefix: string): Promise<void> {
  const redis = createRedisConnection(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}
