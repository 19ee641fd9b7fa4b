import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finishRunJobSchema, QUEUES } from '@foretell/contracts';
import { connectDatabase, type Database } from '@foretell/db';
import { createWorker, defineProcessor, type QueueTarget, type Worker } from '@foretell/queue';
import type { WorkerEnv } from './env';
import { finishRun } from './runs/finish-run';

const ENV = Symbol('WORKER_ENV');
/** Touched while every queue worker runs; the container health check reads its age. */
export const HEARTBEAT_FILE = join(tmpdir(), 'foretell-worker.alive');
const DATABASE = Symbol('DATABASE');

/** Starts one BullMQ worker per queue. Heavy work (ingest, fits) runs in sandboxed child processes. */
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
  private heartbeat?: NodeJS.Timeout;

  constructor(
    @Inject(ENV) private readonly env: WorkerEnv,
    @Inject(DATABASE) private readonly database: Database,
  ) {}

  onModuleInit(): void {
    const target: QueueTarget = { connection: { url: this.env.REDIS_URL, maxRetriesPerRequest: null }, prefix: this.env.QUEUE_PREFIX };
    const sandboxed = join(__dirname, 'processors', 'sandbox-entry.js');
    this.workers = [
      createWorker(QUEUES.ingest, sandboxed, target, { concurrency: this.env.INGEST_CONCURRENCY }),
      createWorker(QUEUES.modelFits, sandboxed, target, { concurrency: this.env.FIT_CONCURRENCY }),
      // Ranking is a few queries: it runs in this process.
      createWorker(QUEUES.runs, defineProcessor(finishRunJobSchema, (data) => finishRun(this.database.prisma, data)), target),
    ];
    for (const worker of this.workers) {
      worker.on('failed', (job, error) =>
        this.logger.warn(`${worker.name} job ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`),
      );
      worker.on('error', (error) => this.logger.error(`${worker.name}: ${error.message}`));
    }
    this.heartbeat = setInterval(() => {
      if (this.workers.every((w) => w.isRunning())) writeFileSync(HEARTBEAT_FILE, String(Date.now()));
    }, 10_000);
    this.heartbeat.unref();
    this.logger.log(`Processing ${this.workers.map((w) => w.name).join(', ')} (prefix ${this.env.QUEUE_PREFIX})`);
  }

  /** Graceful: lets active jobs finish (or hands them back on a second signal) before closing connections. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    await Promise.allSettled(this.workers.map((w) => w.close()));
    await this.database.close();
  }
}
