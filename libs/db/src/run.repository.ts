import { createHash } from 'node:crypto';
import { backtestLength, datasetProfileSchema, presetRun, seasonFor, type RunConfig } from '@foretell/contracts';
import type { PrismaClient } from './generated/client';
import type { RunTrigger } from './generated/enums';

/** Why a run cannot be created, for the API (404/409/400) and for schedules (a failed run with the reason). */
export class RunRejectedError extends Error {
  override name = 'RunRejectedError';
  constructor(
    readonly reason: 'not-found' | 'not-ready' | 'too-short' | 'bad-covariates',
    message: string,
    /** The field of the run's configuration at fault, where one is. */
    readonly field?: 'horizon' | 'season' | 'covariates',
  ) {
    super(message);
  }
}

export interface NewRun {
  /** Chosen by the caller when a retried job must find the run it created before (see `idFromKey`). */
  id?: string;
  datasetId: string;
  config: RunConfig;
  trigger?: RunTrigger;
  scheduleId?: string;
}

/**
 * Records a run and its models on the dataset's current version, after checking that the data can hold its backtest.
 * The caller queues it (`enqueueRun`); API and schedules create runs the same way.
 */
export async function createRun(prisma: PrismaClient, { id, datasetId, config, trigger = 'manual', scheduleId }: NewRun) {
  const dataset = await prisma.dataset.findUnique({ where: { id: datasetId } });
  if (!dataset) throw new RunRejectedError('not-found', `No dataset ${datasetId}.`);
  if (dataset.status !== 'ready') {
    throw new RunRejectedError('not-ready', `Dataset ${dataset.name} is ${dataset.status}, not ready.`);
  }
  const profile = await checkRunConfig(prisma, dataset, config);
  // A preset's models are chosen by the data: its size (the deep models' time budget) and demand classes (`presetRun`).
  const { models, ensembles } = config.preset
    ? presetRun(config.preset, profile)
    : { models: config.models ?? [], ensembles: config.ensembles };
  return prisma.run.create({
    data: {
      id,
      workspaceId: dataset.workspaceId,
      datasetId,
      horizon: config.horizon,
      season: config.season ?? seasonFor(profile.frequency),
      windows: config.backtest.windows,
      step: config.backtest.step ?? config.horizon,
      levels: config.levels,
      covariates: config.covariates,
      calendar: config.calendar,
      trigger,
      scheduleId,
      datasetVersion: dataset.version,
      datasetHash: dataset.contentHash,
      models: {
        create: [
          ...models.map((m, position) => ({ position, kind: m.kind, params: m.params as object })),
          ...ensembles.map((e, i) => ({ position: models.length + i, kind: 'ensemble', params: e })),
        ],
      },
    },
    include: { models: true },
  });
}

/**
 * Whether a ready dataset can hold runs of this configuration: every series too short for its backtest, or covariates
 * that do not line up, throw a `RunRejectedError` naming the field at fault. Runs check it when created, schedules
 * when their configuration is set, so a schedule never holds a run `POST /runs` would refuse. Answers the profile.
 */
export async function checkRunConfig(prisma: PrismaClient, dataset: { id: string; profile: unknown }, config: RunConfig) {
  const profile = datasetProfileSchema.parse(dataset.profile);
  const step = config.backtest.step ?? config.horizon;
  const { needed } = backtestLength({ horizon: config.horizon, windows: config.backtest.windows, step });
  if (profile.maxLength < needed) {
    throw new RunRejectedError(
      'too-short',
      `Every series is too short for this backtest: the longest has ${profile.maxLength} points, and a horizon of ` +
        `${config.horizon} with ${config.backtest.windows} window(s) ${step} apart needs at least ${needed}. ` +
        'Lower the horizon or the number of windows.',
      'horizon',
    );
  }
  if (config.season !== undefined && config.season >= profile.maxLength) {
    // No series holds one season to compare with: every error relative to seasonal naive (MASE) would be undefined.
    throw new RunRejectedError(
      'too-short',
      `A season of ${config.season} steps is as long as or longer than the longest series (${profile.maxLength} points), so no ` +
        `model could be compared with seasonal naive. Give a shorter season, or leave it out (${seasonFor(profile.frequency)} for this frequency).`,
      'season',
    );
  }
  if (config.covariates) await checkCovariates(prisma, dataset.id, config);
  return profile;
}

/** The models of a run that get a fit job: all but its ensembles, which the run's parent job computes from them. */
export function modelsToFit<T extends { kind: string }>(models: readonly T[]): T[] {
  return models.filter((m) => m.kind !== 'ensemble');
}

/**
 * The covariate roles name series of the dataset that line up with the targets: same start, past covariates at least
 * as long as each target, future ones `horizon` points longer.
 */
async function checkCovariates(prisma: PrismaClient, datasetId: string, config: RunConfig): Promise<void> {
  const { target, past, future } = config.covariates!;
  const rows = await prisma.series.findMany({
    where: { datasetId, key: { in: [...target, ...past, ...future] } },
    select: { key: true, start: true, length: true },
  });
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const missing = [...target, ...past, ...future].filter((key) => !byKey.has(key));
  const refuse = (message: string) => {
    throw new RunRejectedError('bad-covariates', message, 'covariates');
  };
  if (missing.length) refuse(`The dataset has no series ${missing.map((k) => `"${k}"`).join(', ')}.`);
  for (const t of target.map((key) => byKey.get(key)!)) {
    for (const [keys, extra] of [[past, 0], [future, config.horizon]] as const) {
      for (const c of keys.map((key) => byKey.get(key)!)) {
        if (c.start.getTime() !== t.start.getTime()) refuse(`Covariate "${c.key}" starts at ${c.start.toISOString()}, target "${t.key}" at ${t.start.toISOString()}: they must line up.`);
        if (c.length < t.length + extra) {
          refuse(
            extra
              ? `Future covariate "${c.key}" has ${c.length} points; target "${t.key}" has ${t.length}, so it needs ${t.length + extra} (values for the ${extra} steps forecast).`
              : `Past covariate "${c.key}" has ${c.length} points, fewer than target "${t.key}" (${t.length}).`,
          );
        }
      }
    }
  }
}

/** A stable UUID for a key (e.g. a scheduler's job id): the same key always names the same row. */
export function idFromKey(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  // Version 8 (custom) and the RFC 4122 variant, so it is a valid UUID for Postgres and zod.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
