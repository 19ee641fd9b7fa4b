import { Global, Inject, Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { connectDatabase, type Database } from '@foretell/db';
import {
  createFlowProducer,
  createQueue,
  createQueueEvents,
  createQueueEventsProducer,
  createRedisConnection,
  type FlowProducer,
  type Queue,
  type QueueEvents,
  type QueueEventsProducer,
} from '@foretell/queue';
import { QUEUES } from '@foretell/contracts';
import type { Redis } from 'ioredis';
import { API_ENV, type ApiEnv } from '../env';

/** At most one log record per this long about Redis being unavailable. */
const REDIS_ERROR_LOG_MS = 5_000;

export const DATABASE = Symbol('DATABASE');
export const PRISMA = Symbol('PRISMA');
export const REDIS = Symbol('REDIS');
export const INGEST_QUEUE = Symbol('INGEST_QUEUE');
export const MODEL_FITS_QUEUE = Symbol('MODEL_FITS_QUEUE');
export const SCHEDULES_QUEUE = Symbol('SCHEDULES_QUEUE');
export const FORECASTS_QUEUE = Symbol('FORECASTS_QUEUE');
export const FORECAST_EVENTS = Symbol('FORECAST_EVENTS');
/** Publishes cancel requests to every worker (custom events on the model-fits event stream). */
export const FIT_CANCELS = Symbol('FIT_CANCELS');
export const INGEST_EVENTS = Symbol('INGEST_EVENTS');
export const FLOWS = Symbol('FLOWS');
export const MODEL_FIT_EVENTS = Symbol('MODEL_FIT_EVENTS');
export const RUN_EVENTS = Symbol('RUN_EVENTS');

/** Connections the features share: Postgres through Prisma, Redis for BullMQ queues and their events. */
@Global()
@Module({
  providers: [
    { provide: DATABASE, inject: [API_ENV], useFactory: (env: ApiEnv) => connectDatabase(env.DATABASE_URL) },
    { provide: PRISMA, inject: [DATABASE], useFactory: (db: Database) => db.prisma },
    { provide: REDIS, inject: [API_ENV], useFactory: (env: ApiEnv) => createRedisConnection(env.REDIS_URL) },
    {
      provide: INGEST_QUEUE,
      inject: [API_ENV, REDIS],
      useFactory: (env: ApiEnv, redis: Redis) => createQueue(QUEUES.ingest, { connection: redis, prefix: env.QUEUE_PREFIX }),
    },
    {
      provide: MODEL_FITS_QUEUE,
      inject: [API_ENV, REDIS],
      useFactory: (env: ApiEnv, redis: Redis) => createQueue(QUEUES.modelFits, { connection: redis, prefix: env.QUEUE_PREFIX }),
    },
    {
      provide: FORECASTS_QUEUE,
      inject: [API_ENV, REDIS],
      useFactory: (env: ApiEnv, redis: Redis) => createQueue(QUEUES.forecasts, { connection: redis, prefix: env.QUEUE_PREFIX }),
    },
    {
      provide: FORECAST_EVENTS,
      inject: [API_ENV],
      useFactory: (env: ApiEnv) => createQueueEvents(QUEUES.forecasts, { connection: { url: env.REDIS_URL }, prefix: env.QUEUE_PREFIX }),
    },
    {
      provide: SCHEDULES_QUEUE,
      inject: [API_ENV, REDIS],
      useFactory: (env: ApiEnv, redis: Redis) => createQueue(QUEUES.schedules, { connection: redis, prefix: env.QUEUE_PREFIX }),
    },
    {
      provide: FIT_CANCELS,
      inject: [API_ENV, REDIS],
      useFactory: (env: ApiEnv, redis: Redis) =>
        createQueueEventsProducer(QUEUES.modelFits, { connection: redis, prefix: env.QUEUE_PREFIX }),
    },
    {
      provide: FLOWS,
      inject: [API_ENV, REDIS],
      useFactory: (env: ApiEnv, redis: Redis) => createFlowProducer({ connection: redis, prefix: env.QUEUE_PREFIX }),
    },
    // QueueEvents block on their connection, so each gets its own (BullMQ duplicates the options, not the socket).
    {
      provide: INGEST_EVENTS,
      inject: [API_ENV],
      useFactory: (env: ApiEnv) => createQueueEvents(QUEUES.ingest, { connection: { url: env.REDIS_URL }, prefix: env.QUEUE_PREFIX }),
    },
    {
      provide: MODEL_FIT_EVENTS,
      inject: [API_ENV],
      useFactory: (env: ApiEnv) =>
        createQueueEvents(QUEUES.modelFits, { connection: { url: env.REDIS_URL }, prefix: env.QUEUE_PREFIX }),
    },
    {
      provide: RUN_EVENTS,
      inject: [API_ENV],
      useFactory: (env: ApiEnv) => createQueueEvents(QUEUES.runs, { connection: { url: env.REDIS_URL }, prefix: env.QUEUE_PREFIX }),
    },
  ],
  exports: [DATABASE, PRISMA, REDIS, INGEST_QUEUE, MODEL_FITS_QUEUE, SCHEDULES_QUEUE, FORECASTS_QUEUE, FORECAST_EVENTS, FIT_CANCELS, INGEST_EVENTS, FLOWS, MODEL_FIT_EVENTS, RUN_EVENTS],
})
export class InfraModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(INGEST_QUEUE) private readonly ingestQueue: Queue,
    @Inject(MODEL_FITS_QUEUE) private readonly modelFitsQueue: Queue,
    @Inject(SCHEDULES_QUEUE) private readonly schedulesQueue: Queue,
    @Inject(FORECASTS_QUEUE) private readonly forecastsQueue: Queue,
    @Inject(FORECAST_EVENTS) private readonly forecastEvents: QueueEvents,
    @Inject(FIT_CANCELS) private readonly fitCancels: QueueEventsProducer,
    @Inject(FLOWS) private readonly flows: FlowProducer,
    @Inject(INGEST_EVENTS) private readonly ingestEvents: QueueEvents,
    @Inject(MODEL_FIT_EVENTS) private readonly fitEvents: QueueEvents,
    @Inject(RUN_EVENTS) private readonly runEvents: QueueEvents,
  ) {}

  /**
   * While Redis is away every connection reports each reconnection attempt; without listeners BullMQ and ioredis print
   * them raw. One log record per few seconds says it (GET /api/health answers 503 meanwhile).
   */
  onModuleInit(): void {
    const logger = new Logger('redis');
    let last = 0;
    const report = (error: Error) => {
      if (Date.now() - last < REDIS_ERROR_LOG_MS) return;
      last = Date.now();
      logger.warn(`Redis unavailable: ${error.message}`);
    };
    this.redis.on('error', report);
    for (const queue of [this.ingestQueue, this.modelFitsQueue, this.schedulesQueue, this.forecastsQueue]) queue.on('error', report);
    for (const events of [this.ingestEvents, this.fitEvents, this.runEvents, this.forecastEvents]) events.on('error', report);
    this.flows.on('error', report);
    this.fitCancels.on('error', report);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([
      this.ingestEvents.close(),
      this.fitEvents.close(),
      this.runEvents.close(),
      this.ingestQueue.close(),
      this.modelFitsQueue.close(),
      this.schedulesQueue.close(),
      this.forecastsQueue.close(),
      this.forecastEvents.close(),
      this.fitCancels.close(),
      this.flows.close(),
    ]);
    await Promise.allSettled([this.database.close(), this.redis.quit()]);
  }
}
