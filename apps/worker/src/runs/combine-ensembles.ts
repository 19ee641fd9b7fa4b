import { ensembleSpecSchema, metricsSchema, storedBacktestSchema, type EnsembleArtifact, type EnsembleReport } from '@foretell/contracts';
import { completeEnsemble, decodeValues, encodeValues, failModel, loadDatasetSeries, type Database, type Prisma } from '@foretell/db';
import { ENGINE_VERSION, evaluateEnsemble, type EnsembleMember } from '@foretell/forecasting';
import { publicError, UserError } from '@foretell/queue';
import { z } from 'zod';
import { asUserError } from './fit-model';
import { frequencyOf, seriesForRun } from './run-series';
import { fitMaseScale } from '../accuracy/fit-scale';

// A member's saved backtest (JSON keeps a NaN forecast as null) with its per-window metrics.
const memberBacktestSchema = storedBacktestSchema.extend({ metrics: z.array(metricsSchema.nullable()) });

/**
 * Computes a run's ensembles once its models have finished (the run's parent job, before ranking), from what the
 * models stored: their backtests and forecasts, on the series as they saw them. Each ensemble is saved like a fitted
 * model: leaderboard row, forecasts, backtests, and a registry entry naming its members' saved models. An ensemble
 * whose run has too few completed models fails with the reason; a cancelled run computes nothing.
 */
export async function combineEnsembles({ prisma, pool }: Database, runId: string): Promise<void> {
  const run = await prisma.run.findUnique({
    where: { id: runId },
    include: { models: { include: { trained: { select: { id: true } } } }, dataset: { select: { profile: true } } },
  });
  if (!run || run.status === 'cancelled') return;
  const ensembles = run.models.filter((m) => m.kind === 'ensemble' && (m.status === 'queued' || m.status === 'running'));
  if (ensembles.length === 0) return;
  const completed = run.models.filter((m) => m.kind !== 'ensemble' && m.status === 'completed');

  // The run's targets (its covariates play no part in combining forecasts).
  const { targets } = seriesForRun(await loadDatasetSeries(pool, run.datasetId), run, { kind: 'naive' }, frequencyOf(run.dataset.profile));
  const rows = await prisma.forecast.findMany({ where: { runModelId: { in: completed.map((m) => m.id) } } });
  const byModel = new Map<string, Map<string, (typeof rows)[number]>>();
  for (const row of rows) byModel.set(row.runModelId, (byModel.get(row.runModelId) ?? new Map()).set(row.seriesId, row));
  // Only models with a forecast of every target can be combined; the series end where their fits saw them end.
  const candidates = completed.filter((m) => targets.every((t) => byModel.get(m.id)?.has(t.id)));
  const reference = candidates[0] && byModel.get(candidates[0].id)!;
  const series = targets.map((t) => t.values.subarray(0, reference?.get(t.id)?.origin ?? t.values.length));
  // The actuals the members were scored against, as the first of them stored them (the windows are the same).
  const actuals = targets.map((t) => (reference ? storedBacktestSchema.parse(reference.get(t.id)!.backtest).actual : []));
  const members: EnsembleMember[] = candidates.map((m) => ({
    name: m.id,
    evaluation: {
      perSeries: targets.map((t) => {
        const row = byModel.get(m.id)!.get(t.id)!;
        const backtest = memberBacktestSchema.parse(row.backtest);
        return { backtest: { ...backtest, yhat: backtest.yhat.map((w) => w.map((v) => v ?? NaN)) }, forecast: decodeValues(row.yhat) };
      }),
      fitSeconds: m.fitSeconds ?? 0,
      predictSeconds: m.predictSeconds ?? 0,
    },
  }));

  for (const row of ensembles) {
    const spec = ensembleSpecSchema.parse(row.params);
    try {
      if (members.length < spec.top) {
        throw new UserError(`The ensemble of the top ${spec.top} needs ${spec.top} completed models; ${members.length} completed.`);
      }
      const evaluation = evaluateEnsemble({ series, horizon: run.horizon, season: run.season, members, combine: spec.method, topK: spec.top, levels: run.levels });
      const chosen = evaluation.members.map((id) => run.models.find((m) => m.id === id)!);
      const report: EnsembleReport = { members: chosen.map((m) => ({ runModelId: m.id, kind: m.kind })), selection: evaluation.selection };
      const artifact: EnsembleArtifact | null = chosen.every((m) => m.trained)
        ? { kind: 'ensemble', ...spec, members: chosen.map((m) => ({ modelId: m.trained!.id, runModelId: m.id, kind: m.kind })) }
        : null;
      await prisma.$transaction(async (tx) => {
        const done = await completeEnsemble(tx, row.id, {
          metrics: evaluation.metrics,
          perStep: evaluation.perStep,
          coverage: evaluation.coverage,
          warnings: [`members chosen ${SELECTION_NOTES[evaluation.selection]}`, ...evaluation.warnings].slice(0, 50),
          fitSeconds: evaluation.fitSeconds,
          predictSeconds: evaluation.predictSeconds,
          backend: 'ensemble',
          report,
        });
        if (!done) return;
        await tx.forecast.deleteMany({ where: { runModelId: row.id } });
        await tx.forecast.createMany({
          data: evaluation.perSeries.map((result, i) => ({
            runModelId: row.id,
            seriesId: targets[i]!.id,
            yhat: encodeValues(result.forecast),
            origin: series[i]!.length,
            maseScale: fitMaseScale(series[i]!, run.season),
            intervals: result.intervals,
            backtest: { ...result.backtest, actual: actuals[i]! },
            metrics: result.metrics ?? {},
          })),
        });
        if (artifact) await tx.trainedModel.upsert({ where: { runModelId: row.id }, create: savedEnsemble(run, row.id, artifact, targets, evaluation.metrics), update: {} });
      });
    } catch (error) {
      await failModel(prisma, row.id, publicError(asUserError(error), `combining ${row.kind}`).message);
    }
  }
}

const SELECTION_NOTES: Record<string, string> = {
  'nested-windows': 'for each backtest window on the other windows (nested): its backtest score is out of sample',
  'nested-series': 'for each series on the other series (the windows overlap): its backtest score is out of sample',
  'in-sample': 'on the backtest it is scored on (one series, overlapping windows): its score is optimistic',
};

function savedEnsemble(
  run: { workspaceId: string; datasetId: string; horizon: number; season: number; seed: number; datasetVersion: number; datasetHash: string | null },
  runModelId: string,
  artifact: EnsembleArtifact,
  targets: { key: string }[],
  metrics: unknown,
): Prisma.TrainedModelUncheckedCreateInput {
  return {
    workspaceId: run.workspaceId,
    runModelId,
    datasetId: run.datasetId,
    kind: 'ensemble',
    params: { method: artifact.method, top: artifact.top },
    artifact,
    weights: null,
    seriesKeys: targets.map((t) => t.key),
    horizon: run.horizon,
    season: run.season,
    seed: run.seed,
    backend: 'ensemble',
    versions: { engine: ENGINE_VERSION, node: process.version },
    metrics: metrics as Prisma.InputJsonValue,
    datasetVersion: run.datasetVersion,
    datasetHash: run.datasetHash ?? '',
  };
}
