import {
  calendarSpecSchema,
  calendarUsedSchema,
  championDecisionSchema,
  ensembleReportSchema,
  leaderboardEntrySchema,
  metricsSchema,
  runModelKindSchema,
  neuralFitReportSchema,
  progressDetailSchema,
  runComparisonSchema,
  runCovariatesSchema,
  WORSE_THAN_SEASONAL_NAIVE,
  type LeaderboardEntry,
  type Run,
} from '@foretell/contracts';
import type { Run as RunRow, RunModel as RunModelRow } from '@foretell/db';
import { z } from 'zod';

const paramsSchema = z.record(z.string(), z.unknown());
const perStepSchema = leaderboardEntrySchema.shape.perStep.unwrap();
const coverageSchema = leaderboardEntrySchema.shape.coverage.unwrap();

export function toLeaderboardEntry(row: RunModelRow): LeaderboardEntry {
  const warnings = z.array(z.string()).parse(row.warnings);
  return {
    runModelId: row.id,
    kind: runModelKindSchema.parse(row.kind),
    params: paramsSchema.parse(row.params),
    status: row.status,
    rank: row.rank,
    metrics: row.metrics ? metricsSchema.parse(row.metrics) : null,
    progress: row.progress,
    // Only a running model is somewhere: a finished or requeued one keeps its last detail in the row, not in the answer.
    progressDetail: row.status === 'running' && row.progressDetail ? progressDetailSchema.parse(row.progressDetail) : null,
    fitSeconds: row.fitSeconds,
    predictSeconds: row.predictSeconds,
    backend: row.backend,
    perStep: row.perStep ? perStepSchema.parse(row.perStep) : null,
    coverage: row.coverage ? coverageSchema.parse(row.coverage) : null,
    warnings,
    report: row.report && row.kind !== 'ensemble' ? neuralFitReportSchema.parse(row.report) : null,
    datasetVersion: row.datasetVersion,
    error: row.error,
    ...(row.kind === 'ensemble' && row.report ? { members: ensembleReportSchema.parse(row.report).members } : {}),
    // Rank 1 is the best by backtest error (the run's ranking, ensembles included): what to pick, unless it does worse
    // than seasonal naive there (its warning then says seasonal naive is the safer choice, in the run or not).
    recommended: row.rank === 1 && !warnings.some((w) => w.startsWith(WORSE_THAN_SEASONAL_NAIVE)),
  };
}

/** Ranked models first (best first), then the rest in the order they were asked for. */
export function toRun(row: RunRow & { models: RunModelRow[] }): Run {
  const models = [...row.models].sort(
    (a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || a.position - b.position,
  );
  return {
    id: row.id,
    datasetId: row.datasetId,
    status: row.status,
    horizon: row.horizon,
    season: row.season,
    backtest: { windows: row.windows, step: row.step },
    seed: row.seed,
    levels: row.levels,
    covariates: row.covariates ? runCovariatesSchema.parse(row.covariates) : null,
    calendar: row.calendar
      ? { ...calendarSpecSchema.parse(row.calendar), used: row.calendarUsed ? calendarUsedSchema.parse(row.calendarUsed) : null }
      : null,
    trigger: row.trigger,
    scheduleId: row.scheduleId,
    datasetVersion: row.datasetVersion,
    comparison: row.comparison ? runComparisonSchema.parse(row.comparison) : null,
    championDecision: row.championDecision ? championDecisionSchema.parse(row.championDecision) : null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    leaderboard: models.map(toLeaderboardEntry),
  };
}
