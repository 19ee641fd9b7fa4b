import { QUEUES } from '@foretell/contracts';
import type { Database } from '@foretell/db';
import { createFlowProducer, createQueue, type FlowProducer, type Queue, type QueueTarget } from '@foretell/queue';

/** What the in-process processors share: the worker's database connections and the queues they add jobs to. */
export interface InProcessContext {
  db: Database;
  /** Scheduled runs are queued as flows, as the API queues runs. */
  flows: FlowProducer;
  queues: { webhooks: Queue; schedules: Queue; liveAccuracy: Queue };
  webhookAllowedHosts: readonly string[];
}

export function createInProcessContext(db: Database, target: QueueTarget, webhookAllowedHosts: readonly string[]) {
  const context: InProcessContext = {
    db,
    flows: createFlowProducer(target),
    queues: {
      webhooks: createQueue(QUEUES.webhooks, target),
      schedules: createQueue(QUEUES.schedules, target),
      liveAccuracy: createQueue(QUEUES.liveAccuracy, target),
    },
    webhookAllowedHosts,
  };
  const { flows, queues } = context;
  return { context, close: () => Promise.allSettled([flows.close(), queues.webhooks.close(), queues.schedules.close(), queues.liveAccuracy.close()]) };
}
