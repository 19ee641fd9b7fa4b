import { metricsSchema, type FinishRunJob } from '@foretell/contracts';
import { endRun, retryOnConflict, type Prisma, type PrismaClient, type RunModel } from '@foretell/db';
import { z } from 'zod';

/**
 * Ranks a run's models once every fit job has ended: by MASE (scale-free, so series of different sizes weigh alike),
 * then sMAPE. The run completes when at least one model did, and fails with every model's reason otherwise. A
 * cancelled run stays cancelled: the models that completed before the cancel are ranked, the others marked cancelled.
 * The run's end is a transition of the run-state module (endRun), so a cancel racing this job never turns into a
 * completed run, nor the reverse.
 */
export async function finishRun(
  prisma: PrismaClient,
  { runId }: FinishRunJob,
  /** Writes what a completed run decides (champion, comparison) in the transaction that completes it. */
  onCompleted?: (tx: Prisma.TransactionClient, runId: string) => Promise<void>,
) {
  const models = await prisma.runModel.findMany({ where: { runId }, orderBy: { position: 'asc' } });
  // Only a model with a ranking metric gets a rank (rank 1 is the dashboard's pick): one without MASE and sMAPE
  // (every series beyond the engine's scoring range) completed, but nothing says it is better than another.
  const scored = models
    .filter((m) => m.status === 'completed' && m.metrics)
    .map((m) => ({ id: m.id, metrics: metricsSchema.parse(m.metrics) }))
    .filter(({ metrics }) => isNumber(metrics.mase) || isNumber(metrics.smape))
    .sort((a, b) => order(a.metrics.mase, b.metrics.mase) || order(a.metrics.smape, b.metrics.smape));
  const error = `Every model failed: ${models
    .filter((m) => m.status !== 'completed')
    .map((m) => `${m.kind}: ${m.error ?? m.status}`)
    .join('; ')}`;
  const { fitted, warnings } = fittedVersion(models.filter((m) => m.status === 'completed'));
  // endRun locks the run first, as a cancel does; a claim racing this (a fit job the parent outlived) may still
  // deadlock with it, and it goes through again.
  await retryOnConflict(() =>
    prisma.$transaction(async (tx) => {
      const ended = await endRun(tx, runId, { error, fitted });
      for (const [i, m] of scored.entries()) await tx.runModel.update({ where: { id: m.id }, data: { rank: i + 1, ...warnings.get(m.id) } });
      // No reader sees a completed run whose champion decision or comparison is not written yet.
      if (ended === 'completed' && onCompleted) await onCompleted(tx, runId);
    }),
  );
  return { runId, ranked: scored.length };
}

/**
 * The data a run was fitted on is what its models read, not what the dataset held when the run was created: the
 * newest version they saw (they agree unless rows were appended between their fits, the old values being gone by
 * then). Models fitted on an older version than that say so, once.
 */
function fittedVersion(completed: RunModel[]) {
  const warnings = new Map<string, { warnings: string[] }>();
  const seen = completed.flatMap((m) => (m.datasetVersion == null ? [] : [{ model: m, version: m.datasetVersion }]));
  if (seen.length === 0) return { fitted: {}, warnings };
  const newest = seen.reduce((best, s) => (s.version > best.version ? s : best));
  for (const { model, version } of seen) {
    if (version === newest.version) continue;
    const note =
      `Fitted on dataset version ${version}; rows were appended before other models of this run were fitted ` +
      `(version ${newest.version}), so its backtest is not on the same data as theirs.`;
    const current = z.array(z.string()).parse(model.warnings);
    if (!current.includes(note)) warnings.set(model.id, { warnings: [...current, note] });
  }
  return { fitted: { datasetVersion: newest.version, datasetHash: newest.model.datasetHash }, warnings };
}

const isNumber = (v: number | null | undefined): v is number => v != null && Number.isFinite(v);

/** Ascending, with missing values last. */
function order(a: number | null | undefined, b: number | null | undefined): number {
  if (!isNumber(a)) return isNumber(b) ? 1 : 0;
  if (!isNumber(b)) return -1;
  return a - b;
}
