/**
 * Queue overhead benchmark: end-to-end throughput of trivial jobs (enqueue → processed) through our pipeline —
 * `createQueue` (our default job options), `createWorker` with an in-process `defineProcessor` (zod payload), as the
 * worker runs light work — against bare BullMQ (`Queue` + `Worker`, its defaults) on the same Redis, at the same
 * concurrency, alternating in the same run. Prints both, the ratio ours / bare (goal ≤ 1.2×) in wall time and in CPU
 * time (this process's plus the Redis server's: steadier on a busy machine), then jobs/s of our worker in 1, 2 and 4
 * child processes sharing one queue. A third side, bare BullMQ with our job options, splits the difference between the
 * options (bounded history: past 1,000 completed jobs each completion also deletes the oldest) and our wrappers. Uses a queue prefix of its own and deletes its keys at the end.
 *
 *   node -r @swc-node/register bench/queue-overhead.ts [--jobs 10000] [--repeat 3] [--concurrency 1] [--processes 1,2,4]
 *
 * --smoke: 300 jobs, once, one child process (a check that it runs).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Queue as BareQueue, Worker as BareWorker } from 'bullmq';
import { finishRunJobSchema, QUEUES } from '@foretell/contracts';
import {
  createQueue,
  createRedisConnection,
  createWorker,
  DEFAULT_JOB_OPTIONS,
  defineProcessor,
  type QueueTarget,
} from '@foretell/queue';
import { benchArgs, intArg, listArg } from './args';

const USAGE = 'node -r @swc-node/register bench/queue-overhead.ts [--jobs 10000] [--repeat 3] [--concurrency 1] [--processes 1,2,4] [--smoke]';
const args = benchArgs(USAGE, {
  jobs: { type: 'string', default: '10000' },
  repeat: { type: 'string', default: '3' },
  // The in-process worker for light work (`runs`) runs at BullMQ's default concurrency, 1.
  concurrency: { type: 'string', default: '1' },
  processes: { type: 'string', default: '1,2,4' },
  /** Internal: run as one worker process of the multi-process cases, on this prefix. */
  'child-prefix': { type: 'string' },
});
// Smoke: a few hundred jobs, once, one child process: seconds.
const REPEAT = args.smoke ? 1 : intArg(args.repeat, 'repeat', 1);
const PROCESSES = args.smoke ? [1] : listArg(args.processes).map((n) => intArg(n, 'processes', 1));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `bench-queue-${process.pid}`;
const JOBS = args.smoke ? 300 : intArg(args.jobs, 'jobs', 1);
const CONCURRENCY = intArg(args.concurrency, 'concurrency', 1);
const CASE_TIMEOUT_MS = 120_000;
const BATCH = 500;

const target = (prefix: string): QueueTarget => ({ connection: { url: REDIS_URL, maxRetriesPerRequest: null }, prefix });
const payload = () => ({ runId: randomUUID() });
/** Our processor: the payload parsed by its contract schema, nothing else done. */
const ourProcessor = defineProcessor(finishRunJobSchema, async () => undefined);

/** Anything that can enqueue `n` jobs in batches, as the producer is the same for both sides. */
interface Producer {
  addBulk(jobs: { name: string; data: unknown }[]): Promise<unknown>;
}

async function enqueue(queue: Producer, n: number): Promise<void> {
  for (let i = 0; i < n; i += BATCH) {
    const size = Math.min(BATCH, n - i);
    await queue.addBulk(Array.from({ length: size }, () => ({ name: 'trivial', data: payload() })));
  }
}

/** Seconds from the first enqueue until `done()` reports every job processed. */
async function timeJobs(queue: Producer, n: number, done: () => number): Promise<number> {
  const start = done();
  const started = performance.now();
  await enqueue(queue, n);
  const deadline = Date.now() + CASE_TIMEOUT_MS;
  while (done() - start < n) {
    if (Date.now() > deadline) throw new Error(`only ${done() - start} of ${n} jobs done in ${CASE_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 2));
  }
  return (performance.now() - started) / 1000;
}

/** CPU seconds used so far by the Redis server (INFO cpu), which runs the jobs' Lua scripts. */
async function redisCpu(redis: ReturnType<typeof createRedisConnection>): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  return field('used_cpu_user') + field('used_cpu_sys');
}

/** Wall and CPU seconds (this process's and Redis's) of one timed batch. */
async function measure(run: () => Promise<number>, redis: ReturnType<typeof createRedisConnection>) {
  const cpu = process.cpuUsage();
  const redisBefore = await redisCpu(redis);
  const wall = await run();
  const { user, system } = process.cpuUsage(cpu);
  return { wall, cpu: (user + system) / 1e6 + (await redisCpu(redis)) - redisBefore };
}

/** One in-process side: a queue and a worker that count completions, warmed up once. */
type Side = 'bare' | 'bareWithOurOptions' | 'ours';
const SIDES: Record<Side, string> = { bare: 'bare BullMQ', bareWithOurOptions: 'bare + our job options', ours: 'our pipeline' };

async function inProcessSide(kind: Side) {
  const prefix = `${PREFIX}-${kind}`;
  const queue =
    kind === 'ours'
      ? createQueue(QUEUES.runs, target(prefix))
      : new BareQueue(QUEUES.runs, { ...target(prefix), defaultJobOptions: kind === 'bare' ? {} : DEFAULT_JOB_OPTIONS });
  const worker =
    kind === 'ours'
      ? createWorker(QUEUES.runs, ourProcessor, target(prefix), { concurrency: CONCURRENCY })
      : new BareWorker(QUEUES.runs, async () => undefined, { ...target(prefix), concurrency: CONCURRENCY });
  let completed = 0;
  worker.on('completed', () => completed++);
  worker.on('failed', (job, error) => console.error(`${kind}: job ${job?.id} failed: ${error.message}`));
  await worker.waitUntilReady();
  await timeJobs(queue, Math.min(200, JOBS), () => completed); // warm-up: JIT, scripts loaded into Redis
  return {
    run: () => timeJobs(queue, JOBS, () => completed),
    close: async () => {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
    },
  };
}

/** Our worker in `count` child processes on one queue; each reports its completions over IPC. */
async function multiProcessCase(count: number): Promise<number> {
  const prefix = `${PREFIX}-p${count}`;
  const queue = createQueue(QUEUES.runs, target(prefix));
  const done = new Map<ChildProcess, number>();
  const children = Array.from({ length: count }, () =>
    fork(__filename, ['--child-prefix', prefix, '--concurrency', String(CONCURRENCY)], {
      execArgv: ['-r', '@swc-node/register'],
    }),
  );
  try {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((ready, fail) => {
            child.on('message', (message: { ready?: boolean; completed?: number }) => {
              if (message.completed !== undefined) done.set(child, message.completed);
              if (message.ready) ready();
            });
            child.once('exit', (code) => fail(new Error(`worker process exited with ${code}`)));
          }),
      ),
    );
    const total = () => [...done.values()].reduce((a, b) => a + b, 0);
    await timeJobs(queue, Math.min(200, JOBS), total);
    return JOBS / (await timeJobs(queue, JOBS, total));
  } finally {
    await Promise.all(
      children.map((child) => {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        return exited;
      }),
    );
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

/** A worker process: our worker on the parent's queue, reporting its completion count every 10 ms while it changes. */
async function child(prefix: string) {
  const worker = createWorker(QUEUES.runs, ourProcessor, target(prefix), { concurrency: CONCURRENCY });
  let completed = 0;
  let reported = -1;
  worker.on('completed', () => completed++);
  await worker.waitUntilReady();
  process.send?.({ ready: true, completed });
  const report = setInterval(() => {
    if (completed !== reported) process.send?.({ completed: (reported = completed) });
  }, 10);
  process.once('SIGTERM', async () => {
    clearInterval(report);
    await worker.close();
    process.exit(0);
  });
}

/** Deletes every key under this run's prefixes (obliterate leaves a few, such as the job id counter). */
async function deleteKeys() {
  const redis = createRedisConnection(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}-*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main() {
  const redis = createRedisConnection(REDIS_URL);
  const kinds = Object.keys(SIDES) as Side[];
  const sides = await Promise.all(kinds.map(inProcessSide));
  const runs = Object.fromEntries(kinds.map((k) => [k, [] as { wall: number; cpu: number }[]])) as Record<Side, { wall: number; cpu: number }[]>;
  try {
    for (let i = 0; i < REPEAT; i++) {
      for (const [j, side] of sides.entries()) runs[kinds[j]!].push(await measure(side.run, redis));
    }
    await Promise.all(sides.map((side) => side.close()));
    const wall = (side: Side) => median(runs[side].map((r) => r.wall));
    const cpu = (side: Side) => median(runs[side].map((r) => r.cpu));
    console.log(`${JOBS} trivial jobs, concurrency ${CONCURRENCY}, one worker in this process (median of ${REPEAT}):`);
    for (const side of kinds) {
      console.log(
        `  ${`${SIDES[side]}:`.padEnd(24)}${wall(side).toFixed(3)} s  ${(JOBS / wall(side)).toFixed(0)} jobs/s  ` +
          `CPU ${cpu(side).toFixed(3)} s   [wall ${runs[side].map((r) => r.wall.toFixed(3)).join(', ')}]`,
      );
    }
    const ratio = (a: Side, b: Side) => `wall ${(wall(a) / wall(b)).toFixed(2)}×, CPU ${(cpu(a) / cpu(b)).toFixed(2)}×`;
    console.log(`  ratio ours / bare: ${ratio('ours', 'bare')}  (goal ≤ 1.2×)`);
    console.log(`  of which job options (bare + ours / bare): ${ratio('bareWithOurOptions', 'bare')}; wrappers (ours / bare + ours): ${ratio('ours', 'bareWithOurOptions')}`);
    console.log(`our worker in child processes sharing one queue, ${JOBS} jobs each case:`);
    for (const count of PROCESSES) {
      console.log(`  ${count} process${count > 1 ? 'es' : ''}: ${(await multiProcessCase(count)).toFixed(0)} jobs/s`);
    }
  } finally {
    await redis.quit();
    await deleteKeys();
  }
}

if (args['child-prefix']) {
  child(args['child-prefix']).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main()
    .then(() => process.exit(0))
    .catch(async (error: unknown) => {
      console.error(error);
      await deleteKeys().catch(() => undefined);
      process.exit(1);
    });
}
