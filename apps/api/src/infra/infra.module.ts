import { Global, Inject, Logger, Module, type OnApplicationShutdown, type OnModuleInit, type Provider } from '@nestjs/common';
import { connectDatabase, type Database } from '@foretell/db';
import {
  createFlowProducer,
  createQueue,
  createQueueEvents,
  createQueueEventsProducer,
  createRedisConnection,
  type QueueTarget,
} from '@foretell/queue';
import { QUEUES, type QueueName } from '@foretell/contracts';
import type { Redis } from 'ioredis';
import { API_ENV, type ApiEnv } from '../env';

/** At most one log record per this long about Redis being unavailable. */
const REDIS_ERROR_LOG_MS = 5_000;

/** The queues the API adds jobs to, or reads the state of (live accuracy: whether an append is still being scored). */
const PRODUCED_QUEUES = [QUEUES.ingest, QUEUES.modelFits, QUEUES.forecasts, QUEUES.schedules, QUEUES.liveAccuracy] as const;
/** The queues whose job events the API listens to (completions for waiting requests, progress for SSE, cache invalidation). */
const OBSERVED_QUEUES = [QUEUES.ingest, QUEUES.modelFits, QUEUES.runs, QUEUES.forecasts] as const;

export const DATABASE = Symbol('DATABASE');
export const PRISMA = Symbol('PRISMA');
export const REDIS = Symbol('REDIS');
/** Publishes cancel requests to every worker (custom events on the model-fits event stream). */
export const FIT_CANCELS = Symbol('FIT_CANCELS');
export const FLOWS = Symbol('FLOWS');

const queueToken = (name: QueueName) => `queue:${name}`;
const queueEventsToken = (name: QueueName) => `queue-events:${name}`;

/** Injects the BullMQ `Queue` of one of the queues the API adds jobs to or reads. */
export const InjectQueue = (name: (typeof PRODUCED_QUEUES)[number]) => Inject(queueToken(name));
/** Injects the `QueueEvents` of one of the queues the API observes. */
export const InjectQueueEvents = (name: (typeof OBSERVED_QUEUES)[number]) => Inject(queueEventsToken(name));

interface Connection {
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(): Promise<void>;
}

/** Every BullMQ connection the providers below opened, so one place reports their errors and closes them. */
class OpenConnections {
  readonly all: Connection[] = [];
  add<T extends Connection>(connection: T): T {
    this.all.push(connection);
    return connection;
  }
}

const target = (env: ApiEnv, redis: Redis): QueueTarget => ({ connection: redis, prefix: env.QUEUE_PREFIX });

/** Providers of one kind of connection per queue, each registered to be reported on and closed. */
function perQueue(names: readonly QueueName[], token: (name: QueueName) => string, open: (name: QueueName, env: ApiEnv, redis: Redis) => Connection): Provider[] {
  return names.map((name) => ({
    provide: token(name),
    inject: [OpenConnections, API_ENV, REDIS],
    useFactory: (connections: OpenConnections, env: ApiEnv, redis: Redis) => connections.add(open(name, env, redis)),
  }));
}

const providers: Provider[] = [
  OpenConnections,
  { provide: DATABASE, inject: [API_ENV], useFactory: (env: ApiEnv) => connectDatabase(env.DATABASE_URL) },
  { provide: PRISMA, inject: [DATABASE], useFactory: (db: Database) => db.prisma },
  { provide: REDIS, inject: [API_ENV], useFactory: (env: ApiEnv) => createRedisConnection(env.REDIS_URL) },
  ...perQueue(PRODUCED_QUEUES, queueToken, (name, env, redis) => createQueue(name, target(env, redis))),
  // QueueEvents block on their connection, so each gets its own (BullMQ duplicates the options, not the socket).
  ...perQueue(OBSERVED_QUEUES, queueEventsToken, (name, env) =>
    createQueueEvents(name, { connection: { url: env.REDIS_URL }, prefix: env.QUEUE_PREFIX }),
  ),
  {
    provide: FIT_CANCELS,
    inject: [OpenConnections, API_ENV, REDIS],
    useFactory: (connections: OpenConnections, env: ApiEnv, redis: Redis) =>
      connections.add(createQueueEventsProducer(QUEUES.modelFits, target(env, redis))),
  },
  {
    provide: FLOWS,
    inject: [OpenConnections, API_ENV, REDIS],
    useFactory: (connections: OpenConnections, env: ApiEnv, redis: Redis) => connections.add(createFlowProducer(target(env, redis))),
  },
];

/** Connections the features share: Postgres through Prisma, Redis for BullMQ queues and their events. */
@Global()
@Module({
  providers,
  exports: providers.map((provider) => (typeof provider === 'function' ? provider : provider.provide)).filter((token) => token !== OpenConnections),
})
export class InfraModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly connections: OpenConnections,
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
    for (const connection of this.connections.all) connection.on('error', report);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.connections.all.map((connection) => connection.close()));
    await Promise.allSettled([this.database.close(), this.redis.quit()]);
  }
}
