import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUEUES, type QueueName } from '@foretell/contracts';
import { connectDatabase, type Database } from '@foretell/db';
import { createWorker, type QueueTarget, type Worker } from '@foretell/queue';
import type { WorkerEnv } from './env';
import { closeWorkers, listenForCancels, logJobEvents, recoverLostRuns } from './worker-lifecycle';
import { createInProcessContext } from './processors/in-process-context';
import { QUEUE_TABLE, type QueueEntry } from './processors/queue-table';
import { restoreSchedules } from './processors/schedules.processor';

const ENV = Symbol('WORKER_ENV');
/** Touched while every queue worker runs; the container health check reads its age. */
export const HEARTBEAT_FILE = join(tmpdir(), 'foretell-worker.alive');
const DATABASE = Symbol('DATABASE');

/** Starts one BullMQ worker per queue, as the queue table says (heavy work runs in sandboxed child processes). */
@Module({})
export class WorkerModule implements OnModuleInit, OnApplicationShutdown {
  static forEnv(env: WorkerEnv): DynamicModule {
    return {
      module: WorkerModule,
      providers: [
        { provide: ENV, useValue: env },
        { provide: DATABASE, useFactory: () => connectDatabase(env.DATABASE_URL) },
      ],
    };
  }

  private readonly logger = new Logger('worker');
  private workers: Worker[] = [];
  private inProcess?: ReturnType<typeof createInProcessContext>;
  private heartbeat?: NodeJS.Timeout;
  private cancels?: { close(): Promise<void> };
  private recovery?: { close(): Promise<void> };

  constructor(
    @Inject(ENV) private readonly env: WorkerEnv,
    @Inject(DATABASE) private readonly database: Database,
  ) {}

  onModuleInit(): void {
    const target: QueueTarget = { connection: { url: this.env.REDIS_URL, maxRetriesPerRequest: null }, prefix: this.env.QUEUE_PREFIX };
    const sandboxed = join(__dirname, 'processors', 'sandbox-entry.js');
    this.inProcess = createInProcessContext(this.database, target, this.env.WEBHOOK_ALLOWED_HOSTS);
    const { context } = this.inProcess;
    // A killed worker's sandboxed jobs go back to the queue once their lock expires (tests shorten it).
    const locks = { lockDuration: this.env.STALL_INTERVAL_MS, stalledInterval: this.env.STALL_INTERVAL_MS };
    this.workers = (Object.entries(QUEUE_TABLE) as [QueueName, QueueEntry][]).map(([queue, entry]) =>
      'sandboxed' in entry
        ? createWorker(queue, sandboxed, target, { concurrency: entry.concurrency(this.env), ...locks })
        : createWorker(queue, entry.inProcess().default(context), target, { concurrency: entry.concurrency(this.env) }),
    );
    const fits = this.workers.find((w) => w.name === QUEUES.modelFits);
    if (!fits) throw new Error(`The queue table has no ${QUEUES.modelFits} queue.`);
    void restoreSchedules(this.database.prisma, context.queues.schedules).then(
      (count) => count && this.logger.log(`Restored ${count} schedule(s)`),
      (error: Error) => this.logger.error(`Restoring schedules: ${error.message}`),
    );
    for (const worker of this.workers) logJobEvents(worker, this.logger);
    this.cancels = listenForCancels(fits, target, this.logger);
    this.recovery = recoverLostRuns(this.database.prisma, target, this.env.RECOVER_INTERVAL_MS, this.logger);
    this.heartbeat = setInterval(() => {
      if (this.workers.every((w) => w.isRunning())) writeFileSync(HEARTBEAT_FILE, String(Date.now()));
    }, 10_000);
    this.heartbeat.unref();
    this.logger.log(`Processing ${this.workers.map((w) => w.name).join(', ')} (prefix ${this.env.QUEUE_PREFIX})`);
  }

  /** Graceful: active jobs get SHUTDOWN_GRACE_MS to finish, then fits are handed back; then connections close. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    await closeWorkers(this.workers, this.env.SHUTDOWN_GRACE_MS, this.logger);
    await Promise.allSettled([this.cancels?.close(), this.recovery?.close()]);
    await this.inProcess?.close();
    await this.database.close();
  }
}
