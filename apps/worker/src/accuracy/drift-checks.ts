import { JOBS, type DeliverWebhookJob, type LiveDriftFigures, type ScoreActualsJob, type WebhookEvent } from '@foretell/contracts';
import { seriesLiveAccuracy, type PrismaClient, type Schedule } from '@foretell/db';
import type { FlowProducer, Queue } from '@foretell/queue';
import { maseOf } from '../schedules/backtest-protocol';
import { WEBHOOK_JOB_OPTIONS } from '../schedules/run-outcome';
import { startScheduledRun } from '../schedules/scheduled-run';
import { judgeLiveDrift, type JudgedModel } from './live-drift';

/** Every series of the judged model is weighed (the decision names the worst). */
const ALL_SERIES = { offset: 0, limit: 1_000_000 };

/**
 * After an append scored stored forecasts: each running schedule of the dataset judges live drift of the model it
 * relies on (`judgedModel`) and records the decision with its figures, once per append (retries find it). A drift
 * starts a retraining run of the schedule when it retrains on drift, and tells its webhook (`accuracy.drift`).
 * Nothing is judged when the append brought no actual for that model's forecasts.
 */
export async function checkLiveDrift(
  prisma: PrismaClient,
  queues: { flows: FlowProducer; webhooks: Queue },
  { datasetId, uploadId }: ScoreActualsJob,
): Promise<{ scheduleId: string; drifted: boolean; retrainRunId: string | null }[]> {
  const schedules = await prisma.schedule.findMany({ where: { datasetId, paused: false } });
  if (!schedules.length) return [];
  const model = await judgedModel(prisma, datasetId);
  if (!model || !(await prisma.forecastScore.count({ where: { runModelId: model.runModelId, uploadId } }))) return [];
  const { items: series } = await seriesLiveAccuracy(prisma, model.runModelId, ALL_SERIES);
  const outcomes = [];
  for (const schedule of schedules) {
    const key = { scheduleId: schedule.id, uploadId };
    let check = await prisma.driftCheck.findUnique({ where: { scheduleId_uploadId: key } });
    if (!check) {
      const { drifted, figures } = judgeLiveDrift(model, series, { margin: schedule.liveDriftMargin, minPoints: schedule.liveDriftMinPoints });
      const followUp = drifted ? await retrain(prisma, queues.flows, schedule, uploadId) : { retrainRunId: null, action: null };
      // Written once, whole: a reader never sees a drift without what followed it.
      check = await prisma.driftCheck.upsert({
        where: { scheduleId_uploadId: key },
        create: { workspaceId: schedule.workspaceId, ...key, datasetId, runModelId: model.runModelId, drifted, retrainRunId: followUp.retrainRunId, figures: { ...figures, action: followUp.action } },
        update: {},
      });
    }
    if (check.drifted && schedule.webhookUrl) await notify(queues.webhooks, schedule, check);
    outcomes.push({ scheduleId: schedule.id, drifted: check.drifted, retrainRunId: check.retrainRunId });
  }
  return outcomes;
}

/** The model a schedule relies on: the dataset's champion, else the best model of its latest completed run. */
async function judgedModel(prisma: PrismaClient, datasetId: string): Promise<JudgedModel | null> {
  const dataset = await prisma.dataset.findUnique({ where: { id: datasetId }, select: { champion: { select: { runModel: true } } } });
  const runModel =
    dataset?.champion?.runModel ??
    (await prisma.runModel.findFirst({ where: { rank: 1, run: { datasetId, status: 'completed' } }, orderBy: { run: { createdAt: 'desc' } } }));
  return runModel && { runId: runModel.runId, runModelId: runModel.id, kind: runModel.kind, promisedMase: maseOf(runModel) };
}

type Check = Awaited<ReturnType<PrismaClient['driftCheck']['upsert']>>;


/** A retraining run of the schedule, whose id derives from the schedule and the append, so a retried job finds the run it made. */
async function retrain(prisma: PrismaClient, flows: FlowProducer, schedule: Schedule, uploadId: string) {
  if (!schedule.retrainOnDrift) return { retrainRunId: null, action: 'no retraining run: the schedule does not retrain on drift' };
  const outcome = await startScheduledRun(prisma, flows, { id: `live-drift:${schedule.id}:${uploadId}` }, { scheduleId: schedule.id });
  if (outcome.status === 'queued') return { retrainRunId: outcome.runId, action: `retraining run ${outcome.runId} started` };
  return { retrainRunId: null, action: `no retraining run: ${outcome.reason}` };
}

async function notify(webhooks: Queue, schedule: Schedule, check: Check): Promise<void> {
  const figures = check.figures as LiveDriftFigures;
  const event: WebhookEvent = {
    event: 'accuracy.drift',
    scheduleId: schedule.id,
    runId: figures.runId,
    datasetId: schedule.datasetId,
    status: 'drifted',
    comparison: null,
    drift: figures,
    retrainRunId: check.retrainRunId,
    at: new Date().toISOString(),
  };
  const job: DeliverWebhookJob = { event };
  await webhooks.add(JOBS.deliverWebhook, job, { ...WEBHOOK_JOB_OPTIONS, jobId: `${check.id}-accuracy.drift` });
}
