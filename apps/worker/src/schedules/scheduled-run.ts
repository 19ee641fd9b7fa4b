import { RUN_PRIORITY, storedRunConfigSchema, type ScheduledRunJob } from '@foretell/contracts';
import { createRun, idFromKey, modelsToFit, planFits, RunRejectedError, shardSeriesSetting, type PrismaClient } from '@foretell/db';
import { enqueueRun, type FlowProducer, type JobLike } from '@foretell/queue';

export type ScheduledRunOutcome =
  | { runId: string; status: 'queued' }
  | { runId: string | null; status: 'skipped' | 'rejected' | 'deleted'; reason: string };

/**
 * What a schedule does when its job scheduler fires: a run of its configuration on the dataset's latest data, queued
 * behind interactive runs. The run's id derives from the job's, so a retried job finds the run it made instead of
 * making another. A run still going from the previous firing is not doubled; data that cannot hold the backtest
 * leaves a failed run with the reason, so the schedule's history shows it.
 */
export async function startScheduledRun(
  prisma: PrismaClient,
  flows: FlowProducer,
  job: Pick<JobLike, 'id'>,
  { scheduleId }: ScheduledRunJob,
): Promise<ScheduledRunOutcome> {
  const schedule = await prisma.schedule.findUnique({ where: { id: scheduleId } });
  if (!schedule) return { runId: null, status: 'deleted', reason: 'the schedule was deleted' };
  if (schedule.paused) return { runId: null, status: 'skipped', reason: 'the schedule is paused' };
  const id = idFromKey(`schedule-job:${job.id}`);

  let run = await prisma.run.findUnique({ where: { id }, include: { models: true } });
  if (!run) {
    const busy = await prisma.run.findFirst({ where: { scheduleId, status: { in: ['queued', 'running'] } } });
    if (busy) return { runId: busy.id, status: 'skipped', reason: 'the previous scheduled run has not finished' };
    const config = storedRunConfigSchema.parse(schedule.config);
    try {
      run = await createRun(prisma, { id, datasetId: schedule.datasetId, config, trigger: 'schedule', scheduleId });
    } catch (error) {
      if (!(error instanceof RunRejectedError)) throw error;
      await prisma.run.create({
        data: {
          id,
          workspaceId: schedule.workspaceId,
          datasetId: schedule.datasetId,
          scheduleId,
          trigger: 'schedule',
          status: 'failed',
          error: error.message,
          horizon: config.horizon,
          season: config.season ?? 1,
          windows: config.backtest.windows,
          step: config.backtest.step ?? config.horizon,
          finishedAt: new Date(),
        },
      });
      return { runId: id, status: 'rejected', reason: error.message };
    } finally {
      await prisma.schedule.update({ where: { id: scheduleId }, data: { lastRunAt: new Date() } });
    }
  }
  const fits = await planFits(prisma, run, modelsToFit(run.models), shardSeriesSetting());
  await enqueueRun(flows, { runId: run.id, fits, priority: RUN_PRIORITY.schedule });
  return { runId: run.id, status: 'queued' };
}
