import {
  crowned,
  JOBS,
  runComparisonSchema,
  SCHEDULE_MAX_CONSECUTIVE_FAILURES,
  webhookEventSchema,
  WORSE_THAN_SEASONAL_NAIVE,
  type ChampionDecision,
  type DeliverWebhookJob,
  type WebhookDelivery,
  type WebhookEvent,
} from '@foretell/contracts';
import type { Prisma, PrismaClient, Run, RunModel, Schedule, TrainedModel } from '@foretell/db';
import { z } from 'zod';
import {
  ExternalError,
  isFinalAttempt,
  postWebhook,
  scheduleTiming,
  syncJobScheduler,
  UnrecoverableError,
  WebhookDeliveryError,
  WebhookTargetError,
  type JobLike,
  type Queue,
} from '@foretell/queue';
import { backtestOf, maseOf } from './backtest-protocol';
import { decideChampion, type ChampionEntry } from './champion-decision';
import { compareRuns } from './compare-runs';

/** Webhook deliveries that may pass later are retried with backoff for about an hour before they are given up. */
export const WEBHOOK_JOB_OPTIONS = { attempts: 8, backoff: { type: 'exponential', delay: 15_000 }, removeOnComplete: { count: 1_000 } };

/**
 * What a run's completion decides, written in the transaction that completes it (finishRun's `onCompleted`): whether
 * its best saved model becomes the dataset's champion (champion-decision.ts), and for a scheduled run, the comparison
 * with the schedule's previous run (drift).
 */
export async function recordRunResults(tx: Prisma.TransactionClient, runId: string): Promise<void> {
  const run = await tx.run.findUniqueOrThrow({ where: { id: runId }, include: { models: true, schedule: true } });
  const decision = await crownChampion(tx, run);
  if (!run.schedule) return;
  const previous = await tx.run.findFirst({
    where: { scheduleId: run.schedule.id, status: 'completed', createdAt: { lt: run.createdAt } },
    orderBy: { createdAt: 'desc' },
    include: { models: true },
  });
  const comparison = compareRuns(
    run.models,
    previous && { runId: previous.id, backtest: backtestOf(previous), models: previous.models },
    run.schedule.driftThreshold,
    backtestOf(run),
    decision?.decision ?? null,
  );
  if (comparison) await tx.run.update({ where: { id: runId }, data: { comparison } });
}

/**
 * What follows a finished scheduled run: a schedule whose runs keep failing is paused, and its webhook is told (run
 * completed or failed, drift, paused). Safe to repeat: webhook jobs have ids per run and event.
 */
export async function announceRunOutcome(prisma: PrismaClient, queues: { webhooks: Queue; schedules: Queue }, runId: string): Promise<void> {
  const run = await prisma.run.findUnique({ where: { id: runId }, include: { schedule: true } });
  // Deleted with its dataset meanwhile: nothing is left to announce (retrying "not found" only filled the logs).
  const schedule = run?.schedule;
  if (!run || !schedule) return;
  const comparison = run.comparison ? runComparisonSchema.parse(run.comparison) : null;
  const pausedReason = run.status === 'failed' ? await pauseAfterRepeatedFailures(prisma, queues.schedules, schedule) : null;
  if (!schedule.webhookUrl) return;
  const events: WebhookEvent['event'][] = [run.status === 'completed' ? 'run.completed' : 'run.failed'];
  if (comparison?.drifted) events.push('run.drift');
  if (pausedReason) events.push('schedule.paused');
  for (const event of events) {
    const payload: WebhookEvent = {
      event,
      scheduleId: schedule.id,
      runId,
      datasetId: run.datasetId,
      status: run.status,
      comparison,
      ...(event === 'schedule.paused' && pausedReason && { reason: pausedReason }),
      at: new Date().toISOString(),
    };
    const job: DeliverWebhookJob = { event: payload };
    await queues.webhooks.add(JOBS.deliverWebhook, job, { ...WEBHOOK_JOB_OPTIONS, jobId: `${runId}-${event}` });
  }
}

/**
 * Decides whether the run's best saved model becomes the dataset's champion, records the decision on the run and
 * returns it (null when its best model was not saved). A run none of whose models ranked records that it kept the champion.
 */
async function crownChampion(tx: Prisma.TransactionClient, run: Run & { models: RunModel[] }): Promise<ChampionDecision | null> {
  const best = run.models.find((m) => m.rank === 1);
  const saved = best ? await tx.trainedModel.findUnique({ where: { runModelId: best.id } }) : null;
  if (best && !saved) return null;
  // Runs of one dataset may finish together: the dataset row is locked so each decides against the champion the other left.
  await tx.$queryRaw`SELECT id FROM "Dataset" WHERE id = ${run.datasetId}::uuid FOR UPDATE`;
  const dataset = await tx.dataset.findUniqueOrThrow({
    where: { id: run.datasetId },
    include: { champion: { include: { runModel: { include: { run: true } } } } },
  });
  const current = dataset.champion && entry(dataset.champion, dataset.champion.runModel, dataset.champion.runModel.run);
  const decision = decideChampion(current, best && saved ? entry(saved, best, run) : null, run.models);
  await tx.run.update({ where: { id: run.id }, data: { championDecision: decision } });
  if (saved && crowned(decision.decision)) await tx.dataset.update({ where: { id: run.datasetId }, data: { championId: saved.id } });
  return decision;
}

function entry(model: TrainedModel, runModel: RunModel, of: Run): ChampionEntry {
  return {
    trainedModelId: model.id,
    runId: of.id,
    kind: model.kind,
    params: model.params,
    mase: maseOf(runModel),
    datasetVersion: model.datasetVersion,
    datasetHash: model.datasetHash,
    backtest: backtestOf(of),
    baselineWarning: z.array(z.string()).parse(runModel.warnings).find((w) => w.startsWith(WORSE_THAN_SEASONAL_NAIVE)) ?? null,
  };
}

/**
 * Pauses a schedule whose last SCHEDULE_MAX_CONSECUTIVE_FAILURES finished runs since it was last resumed all failed
 * (its settings no longer suit the data); returns the reason, stored on the schedule, or null.
 */
async function pauseAfterRepeatedFailures(prisma: PrismaClient, schedules: Queue, schedule: Schedule): Promise<string | null> {
  const recent = await prisma.run.findMany({
    where: { scheduleId: schedule.id, status: { in: ['completed', 'failed'] }, ...(schedule.resumedAt && { createdAt: { gt: schedule.resumedAt } }) },
    orderBy: { createdAt: 'desc' },
    take: SCHEDULE_MAX_CONSECUTIVE_FAILURES,
    select: { status: true, error: true },
  });
  const [last] = recent;
  if (!last || recent.length < SCHEDULE_MAX_CONSECUTIVE_FAILURES || recent.some((r) => r.status !== 'failed')) return null;
  const reason = `Paused: ${SCHEDULE_MAX_CONSECUTIVE_FAILURES} scheduled runs in a row failed. The last: ${last.error ?? 'no reason given'}`;
  const { count } = await prisma.schedule.updateMany({ where: { id: schedule.id, paused: false }, data: { paused: true, pausedReason: reason } });
  if (!count) return schedule.pausedReason;
  await syncJobScheduler(schedules, { id: schedule.id, paused: true, timing: scheduleTiming(schedule) });
  return reason;
}

/**
 * POSTs one event, checking the address again (DNS may have changed since the URL was accepted), and records on its
 * schedule how the attempt went (`lastWebhook`). An address that may not be called, a redirect (never followed) or a
 * 4xx other than 408 and 429 fails the job for good; a 5xx, 408, 429, or no answer in 10 s fails the attempt (BullMQ
 * retries it). Either is the receiver's doing, not an internal error: the worker logs the failed job as a warning.
 */
export async function deliverWebhook(
  prisma: PrismaClient,
  { event }: DeliverWebhookJob,
  job: JobLike,
  allowedHosts: readonly string[],
): Promise<{ status: number }> {
  const about = webhookEventSchema.pick({ scheduleId: true, runId: true, event: true }).parse(event);
  const record = (delivery: Pick<WebhookDelivery, 'outcome' | 'status' | 'error'>) => recordDelivery(prisma, about, { ...delivery, attempt: job.attemptsMade + 1 });
  // Read at send time, not carried in the job: the secret stays out of Redis, and a retry goes where the schedule
  // points now (its URL may have changed since the event).
  const { scheduleId } = about;
  const schedule = await prisma.schedule.findUnique({ where: { id: scheduleId }, select: { webhookUrl: true, webhookSecret: true } });
  if (!schedule) throw new UnrecoverableError(`Schedule ${scheduleId} was deleted: its webhook is not called.`);
  if (!schedule.webhookUrl) throw new UnrecoverableError(`Schedule ${scheduleId} has no webhook any more: it is not called.`);
  try {
    const { status } = await postWebhook(schedule.webhookUrl, event, { allowedHosts, secret: schedule.webhookSecret });
    await record({ outcome: 'delivered', status, error: null });
    return { status };
  } catch (error) {
    const failure = deliveryFailure(error);
    if (!failure) throw error;
    await record({ outcome: isFinalAttempt(job, failure) ? 'failed' : 'retrying', status: error instanceof WebhookDeliveryError ? error.status : null, error: failure.message });
    throw failure;
  }
}

/** What a failed delivery fails its job with: for good, or for this attempt. Null for an error of ours. */
function deliveryFailure(error: unknown): Error | null {
  if (error instanceof WebhookTargetError) return new UnrecoverableError(error.message);
  if (!(error instanceof WebhookDeliveryError)) return null;
  if (!error.permanent) return new ExternalError(error.message);
  const why = error.status! < 400 ? 'redirects are not followed' : 'only 408, 429 and 5xx answers are';
  return new UnrecoverableError(`${error.message.replace(/\.$/, '')}: not retried (${why}).`);
}

/** The schedule the event is about keeps the outcome of its latest delivery attempt (gone with it: nothing to do). */
async function recordDelivery(
  prisma: PrismaClient,
  { scheduleId, runId, event: name }: Pick<WebhookEvent, 'scheduleId' | 'runId' | 'event'>,
  delivery: Omit<WebhookDelivery, 'event' | 'runId' | 'at'>,
) {
  const lastWebhook: WebhookDelivery = { event: name, runId, at: new Date().toISOString(), ...delivery };
  await prisma.schedule.updateMany({ where: { id: scheduleId }, data: { lastWebhook } });
}
