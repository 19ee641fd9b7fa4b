import { JOBS, type DeliverWebhookJob, type WebhookEvent } from '@foretell/contracts';
import type { PrismaClient } from '@foretell/db';
import type { Queue } from '@foretell/queue';
import { compareRuns } from './compare-runs';

/** Webhook deliveries are retried with backoff for about an hour before they are given up. */
const WEBHOOK_JOB_OPTIONS = { attempts: 8, backoff: { type: 'exponential', delay: 15_000 }, removeOnComplete: { count: 1_000 } };

/**
 * What follows a finished run: its best saved model becomes the dataset's champion; a scheduled run is compared with
 * the schedule's previous one (champion kept or replaced, drift), and the schedule's webhook is told. Safe to repeat:
 * the same values are written again and webhook jobs have ids per run and event.
 */
export async function recordRunOutcome(prisma: PrismaClient, webhooks: Queue, runId: string): Promise<void> {
  const run = await prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { models: true, schedule: true } });
  if (run.status === 'completed') {
    const best = run.models.find((m) => m.rank === 1);
    const saved = best ? await prisma.trainedModel.findUnique({ where: { runModelId: best.id } }) : null;
    if (saved) await prisma.dataset.update({ where: { id: run.datasetId }, data: { championId: saved.id } });
  }
  const { schedule } = run;
  if (!schedule) return;

  let comparison = null;
  if (run.status === 'completed') {
    const previous = await prisma.run.findFirst({
      where: { scheduleId: schedule.id, status: 'completed', createdAt: { lt: run.createdAt } },
      orderBy: { createdAt: 'desc' },
      include: { models: true },
    });
    comparison = compareRuns(run.models, previous && { runId: previous.id, models: previous.models }, schedule.driftThreshold);
    await prisma.run.update({ where: { id: runId }, data: { comparison: comparison ?? undefined } });
  }
  if (!schedule.webhookUrl) return;
  const events: WebhookEvent['event'][] = [run.status === 'completed' ? 'run.completed' : 'run.failed'];
  if (comparison?.drifted) events.push('run.drift');
  for (const event of events) {
    const payload: WebhookEvent = {
      event,
      scheduleId: schedule.id,
      runId,
      datasetId: run.datasetId,
      status: run.status,
      comparison,
      at: new Date().toISOString(),
    };
    const job: DeliverWebhookJob = { url: schedule.webhookUrl, event: payload };
    await webhooks.add(JOBS.deliverWebhook, job, { ...WEBHOOK_JOB_OPTIONS, jobId: `${runId}-${event}` });
  }
}

/** POSTs one event; a non-2xx answer or no answer in 10 s fails the attempt (BullMQ retries it). */
export async function deliverWebhook({ url, event }: DeliverWebhookJob): Promise<{ status: number }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'foretell-webhook/1' },
    body: JSON.stringify(event),
    signal: AbortSignal.timeout(10_000),
    redirect: 'error',
  });
  if (!response.ok) throw new Error(`Webhook ${url} answered ${response.status}.`);
  return { status: response.status };
}
