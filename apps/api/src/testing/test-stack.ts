import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll } from 'vitest';
import { connectDatabase, createTestDatabase } from '@foretell/db';
import { createApiApp } from '../create-app';
import { loadEnv } from '../env';
import { createApiKey, OWNER, signIn } from './accounts';
import { useApiKey } from './http';

export const REPO_ROOT = resolve(__dirname, '../../../..');
export const DATASETS = resolve(REPO_ROOT, '../shared/datasets');

/**
 * The real stack for integration tests: a fresh Postgres database, a queue prefix of its own in the real Redis,
 * a worker process, and the API listening on a free port. `stop()` tears it all down.
 */
export interface TestStackOptions {
  ingestWaitMs?: number;
  uploadMaxBytes?: number;
  /** A Redis of the test's own (e.g. one it restarts); the shared one otherwise. */
  redisUrl?: string;
  /** More settings of the worker and the API (STALL_INTERVAL_MS, FIT_CONCURRENCY, SIGNUP_OPEN…). */
  workerEnv?: Record<string, string>;
}

export async function startTestStack(options: TestStackOptions = {}) {
  const database = await createTestDatabase('foretell_it', { serverUrl: process.env.TEST_DATABASE_URL });
  const databaseUrl = database.url;
  const queuePrefix = `it-${randomUUID().slice(0, 8)}`;
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: 'warn',
    INGEST_WAIT_MS: String(options.ingestWaitMs ?? 30_000),
    UPLOAD_MAX_BYTES: String(options.uploadMaxBytes ?? 200 * 1024 * 1024),
    ...(options.redisUrl && { REDIS_URL: options.redisUrl }),
    ...options.workerEnv,
  };

  const worker = spawnWorker(env);
  const workers = [worker];
  const app: INestApplication = await createApiApp(loadEnv({ ...env, PORT: '0' }));
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const apiUrl = `${url}/api`;
  // Every test talks to the API as the owner's member key (see testing/http.ts), unless it says otherwise.
  const owner = await signIn(apiUrl, OWNER);
  const key = await createApiKey(apiUrl, owner);
  useApiKey(key);
  const db = connectDatabase(databaseUrl);

  return {
    url: apiUrl,
    /** The stack's database, for checking what the API stored. */
    db,
    /** The first account's session and a member API key of its workspace. */
    owner,
    key,
    databaseUrl,
    /** What the worker was started with (restart one with `spawnWorker(stack.env)`). */
    env,
    worker,
    /** Every worker process started for this stack, the first included. */
    workers,
    /** Starts one more worker process on the same queues (with some settings of its own). */
    addWorker(extraEnv: Record<string, string> = {}) {
      const added = spawnWorker({ ...env, ...extraEnv });
      workers.push(added);
      return added;
    },
    async stop() {
      await db.close();
      await app.close();
      await Promise.all(workers.map(stopProcess));
      await database.drop();
    },
  };
}

export type TestStack = Awaited<ReturnType<typeof startTestStack>>;

/**
 * The stack for the tests of one file: started before them, stopped after them (vitest hooks). The object returned is
 * filled in by the time the tests run.
 */
export function useTestStack(options: TestStackOptions = {}): TestStack {
  const stack = {} as TestStack;
  beforeAll(async () => {
    Object.assign(stack, await startTestStack(options));
  }, 120_000);
  afterAll(async () => {
    await stack.stop?.();
  });
  return stack;
}

export function spawnWorker(env: NodeJS.ProcessEnv): ChildProcess {
  const worker = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
    cwd: REPO_ROOT,
    env,
    // Piped so tests can read the log records; passed on to the test's output.
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  worker.stdout?.on('data', (chunk: Buffer) => process.stdout.write(chunk));
  return worker;
}

/**
 * The API as its own process (as `npm run up` runs it), on a free port, for tests about what a process survives.
 * `preload` modules run first (e.g. a fault injector). Resolves once it listens, with its URL and everything it printed.
 */
export async function spawnApi(env: NodeJS.ProcessEnv, preload: string[] = []): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', ...preload.flatMap((p) => ['-r', p]), 'apps/api/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'log', LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Listening on (http:\/\/[^\s"]+\/api)/.exec(output);
      if (listening) resolve(listening[1]!);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`The API exited (${code}) before listening:\n${output}`)));
  });
  return { child, url, output: () => output };
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
