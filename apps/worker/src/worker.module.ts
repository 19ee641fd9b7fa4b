import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUEUES } from '@foretell/contracts';
import { connectDatabase, type Database } from '@foretell/db';
import { createWorker, type QueueTarget, type Worker } from '@foretell/queue';
import type { WorkerEnv } from './env';
import { closeWorkers, listenForCancels, logJobEvents, recoverLostRuns } from './worker-lifecycle';
import { createPipelineWorkers } from './schedules/schedule-workers';

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
  private pipeline?: ReturnType<typeof createPipelineWorkers>;
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
    this.pipeline = createPipelineWorkers(this.database, target, { webhookAllowedHosts: this.env.WEBHOOK_ALLOWED_HOSTS });
    // A killed worker's jobs go back to the queue once their lock expires (tests shorten it).
    const locks = { lockDuration: this.env.STALL_INTERVAL_MS, stalledInterval: this.env.STALL_INTERVAL_MS };
    const fits = createWorker(QUEUES.modelFits, sandboxed, target, { concurrency: this.env.FIT_CONCURRENCY, ...locks });
    this.workers = [
      createWorker(QUEUES.ingest, sandboxed, target, { concurrency: this.env.INGEST_CONCURRENCY, ...locks }),
      createWorker(QUEUES.forecasts, sandboxed, target, { concurrency: 1, ...locks }),
      // Scoring appended actuals reads series values: sandboxed like ingest.
      createWorker(QUEUES.liveAccuracy, sandboxed, target, { concurrency: 1, ...locks }),
      fits,
      // Ranking, schedules and webhooks are a few queries each: they run in this process.
      ...this.pipeline.workers,
    ];
    void this.pipeline.restoreSchedules().catch((error: Error) => this.logger.error(`Restoring schedules: ${error.message}`));
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
    await this.pipeline?.close();
    await this.database.close();
  }
}
