import { Logger } from '@nestjs/common';
import { deliverWebhookJobSchema, finishRunJobSchema, QUEUES, scheduledRunJobSchema } from '@foretell/contracts';
import type { Database } from '@foretell/db';
import {
  createFlowProducer,
  createQueue,
  createWorker,
  defineProcessor,
  scheduleTiming,
  syncJobScheduler,
  type QueueTarget,
  type Worker,
} from '@foretell/queue';
import { combineEnsembles } from '../runs/combine-ensembles';
import { finishRun } from '../runs/finish-run';
import { announceRunOutcome, deliverWebhook, recordRunResults } from './run-outcome';
import { startScheduledRun } from './scheduled-run';

/**
 * The light, in-process queues of the run pipeline: combining (ensembles) and ranking a finished run and what follows it (champion, comparison,
 * webhooks), scheduled runs, and webhook deliveries.
 */
export function createPipelineWorkers(db: Database, target: QueueTarget, { webhookAllowedHosts }: { webhookAllowedHosts: readonly string[] }) {
  const { prisma } = db;
  const flows = createFlowProducer(target);
  const webhooks = createQueue(QUEUES.webhooks, target);
  const schedules = createQueue(QUEUES.schedules, target);
  const queues = { webhooks, schedules };
  const workers: Worker[] = [
    createWorker(
      QUEUES.runs,
      defineProcessor(finishRunJobSchema, async (data) => {
        await combineEnsembles(db, data.runId);
        const result = await finishRun(prisma, data, recordRunResults);
        await announceRunOutcome(prisma, queues, data.runId);
        return result;
      }),
      target,
    ),
    createWorker(
      QUEUES.schedules,
      defineProcessor(scheduledRunJobSchema, async (data, job) => {
        const outcome = await startScheduledRun(prisma, flows, job, data);
        // Redis kept a scheduler whose schedule Postgres no longer has: it must not fire again.
        if (outcome.status === 'deleted') await schedules.removeJobScheduler(data.scheduleId);
        // A run refused at creation never reaches the run pipeline: its outcome (webhook, repeated failures) is recorded here.
        if (outcome.status === 'rejected' && outcome.runId) await announceRunOutcome(prisma, queues, outcome.runId);
        return outcome;
      }),
      target,
    ),
    createWorker(QUEUES.webhooks, defineProcessor(deliverWebhookJobSchema, (data) => deliverWebhook(data, webhookAllowedHosts)), target),
  ];
  return {
    workers,
    /** Re-applies every schedule to Redis: Postgres is the truth, and Redis may have restarted empty. */
    async restoreSchedules(): Promise<number> {
      const rows = await prisma.schedule.findMany();
      for (const row of rows) await syncJobScheduler(schedules, { id: row.id, paused: row.paused, timing: scheduleTiming(row) });
      if (rows.length) new Logger('schedules').log(`Restored ${rows.length} schedule(s)`);
      return rows.length;
    },
    close: () => Promise.allSettled([flows.close(), webhooks.close(), schedules.close()]),
  };
}
