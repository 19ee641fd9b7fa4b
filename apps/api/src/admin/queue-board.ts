import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { QUEUES } from '@foretell/contracts';
import { createQueue, type Queue } from '@foretell/queue';
import type { Redis } from 'ioredis';
import { API_ENV, type ApiEnv } from '../env';
import { REDIS } from '../infra/infra.module';

/** Where bull-board is served (outside the Nest router, so outside the global `api` prefix: the full path). */
export const QUEUE_BOARD_PATH = '/api/admin/queues';

/**
 * bull-board over every queue of the installation: counts, jobs, their data, progress, logs and errors; retry, promote
 * and remove. An operator's tool: it has no login of its own, so expose the API beyond loopback only behind one.
 */
@Injectable()
export class QueueBoard implements OnApplicationShutdown {
  private readonly queues: Queue[];
  readonly router: ReturnType<ExpressAdapter['getRouter']>;

  constructor(@Inject(API_ENV) env: ApiEnv, @Inject(REDIS) redis: Redis) {
    this.queues = Object.values(QUEUES).map((name) => createQueue(name, { connection: redis, prefix: env.QUEUE_PREFIX }));
    // Connection errors are the shared connection's, logged by InfraModule; unheard, BullMQ would print them raw.
    for (const queue of this.queues) queue.on('error', () => undefined);
    const server = new ExpressAdapter().setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({
      queues: this.queues.map((queue) => new BullMQAdapter(queue)),
      serverAdapter: server,
      options: { uiConfig: { boardTitle: 'Foretell queues' } },
    });
    this.router = server.getRouter();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.queues.map((queue) => queue.close()));
  }
}
