import { JOBS, type ScoreActualsJob } from '@foretell/contracts';
import type { PrismaClient } from '@foretell/db';
import { scoreActualsJobId, type Queue } from '@foretell/queue';

/**
 * Rows appended while a run fitted may bring actuals for forecasts its models stored only after that append was
 * scored (a long fit that read the data before it): once the run completes, the dataset is scored again, as after the
 * latest such append (scoring is repeatable: a point is stored once). Answers whether a scoring job was queued.
 */
export async function scoreAfterRun(prisma: PrismaClient, liveAccuracy: Queue, runId: string): Promise<boolean> {
  const run = await prisma.run.findUnique({ where: { id: runId }, select: { status: true, datasetId: true, createdAt: true } });
  if (run?.status !== 'completed') return false;
  const append = await prisma.datasetUpload.findFirst({
    where: { datasetId: run.datasetId, kind: 'append', status: 'ready', finishedAt: { gte: run.createdAt } },
    orderBy: { finishedAt: 'desc' },
    select: { id: true },
  });
  if (!append) return false;
  const job: ScoreActualsJob = { datasetId: run.datasetId, uploadId: append.id };
  await liveAccuracy.add(JOBS.scoreActuals, job, { jobId: `${scoreActualsJobId(append.id)}-after-${runId}` });
  return true;
}
