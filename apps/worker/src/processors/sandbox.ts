import { QUEUES } from '@foretell/contracts';
import { connectDatabase, type Database } from '@foretell/db';
import { createFlowProducer, createQueue, type FlowProducer, type Queue } from '@foretell/queue';
import { loadEnv } from '../env';

let database: Database | undefined;
let queues: { flows: FlowProducer; webhooks: Queue; liveAccuracy: Queue } | undefined;

/** The database connections of this sandboxed child process, opened on first use and reused across its jobs. */
export function sandboxDatabase(): Database {
  database ??= connectDatabase(loadEnv().DATABASE_URL, { maxConnections: 4 });
  return database;
}

/** The queues a sandboxed job adds to (live accuracy after an append; retraining runs and webhooks on drift), opened on first use. */
export function sandboxQueues() {
  if (!queues) {
    const env = loadEnv();
    const target = { connection: { url: env.REDIS_URL, maxRetriesPerRequest: null }, prefix: env.QUEUE_PREFIX };
    queues = { flows: createFlowProducer(target), webhooks: createQueue(QUEUES.webhooks, target), liveAccuracy: createQueue(QUEUES.liveAccuracy, target) };
  }
  return queues;
}
