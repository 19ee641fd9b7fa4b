import { randomUUID } from 'node:crypto';
import { BadRequestException, GatewayTimeoutException, Inject, Injectable, InternalServerErrorException, NotFoundException } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { WorkspaceDb } from '../auth/workspace-db';
import {
  datasetProfileSchema,
  JOBS,
  modelForecastSchema,
  QUEUES,
  type ForecastFromModelJob,
  type ModelForecast,
  type ModelForecastRequest,
  type TrainedModel,
} from '@foretell/contracts';
import { isInternalFailure, type Queue, type QueueEvents } from '@foretell/queue';
import { takeModelForecastAnswer, type Database } from '@foretell/db';
import { z } from 'zod';
import { API_ENV, type ApiEnv } from '../env';
import { DATABASE, InjectQueue, InjectQueueEvents } from '../infra/infra.module';
import { toTrainedModel, type TrainedModelSummaryRow } from './trained-model.mapper';

/** A forecast from a saved model is interactive: the request waits for it. */
const FORECAST_WAIT_MS = 120_000;

/** The model registry: saved models, the champion per dataset, and forecasts from them without retraining. */
@Injectable()
export class ModelsService {
  constructor(
    private readonly db: WorkspaceDb,
    @Inject(API_ENV) private readonly env: ApiEnv,
    @Inject(DATABASE) private readonly database: Database,
    @InjectQueue(QUEUES.forecasts) private readonly forecasts: Queue,
    @InjectQueueEvents(QUEUES.forecasts) private readonly forecastEvents: QueueEvents,
  ) {}

  async list(actor: Actor, filter: { datasetId?: string; champion?: boolean }): Promise<TrainedModel[]> {
    const champions = filter.champion
      ? (await this.db.for(actor).dataset.findMany({ where: { championId: { not: null }, ...(filter.datasetId && { id: filter.datasetId }) } }))
          .map((d) => d.championId!)
      : undefined;
    const rows = await this.summaries(actor, {
      ...(filter.datasetId && { datasetId: filter.datasetId }),
      ...(champions && { id: { in: champions } }),
    });
    const championOf = await this.championIds(actor, rows.map((r) => r.datasetId));
    return rows.map((row) => toTrainedModel(row, championOf.get(row.datasetId) ?? null));
  }

  async get(actor: Actor, id: string): Promise<TrainedModel> {
    const [row] = await this.summaries(actor, { id });
    if (!row) throw new NotFoundException(`No saved model ${id}.`);
    return toTrainedModel(row, (await this.championIds(actor, [row.datasetId])).get(row.datasetId) ?? null);
  }

  /**
   * Runs the forecast in a worker (the API never loads the engine) and waits for it. Its size is bounded before any
   * work: no further ahead than the longest series goes back, and at most MODEL_FORECAST_MAX_POINTS points. The worker
   * leaves the answer in Postgres, taken here, so Redis never holds it (see ModelForecastAnswer).
   */
  async forecast(actor: Actor, id: string, body: ModelForecastRequest): Promise<ModelForecast> {
    const saved = await this.db.for(actor).trainedModel.findUnique({ where: { id }, select: { seriesKeys: true, horizon: true, dataset: { select: { profile: true } } } });
    if (!saved) throw new NotFoundException(`No saved model ${id}.`);
    const keys = z.array(z.string()).parse(saved.seriesKeys);
    const known = new Set(keys);
    const unknown = body.series?.filter((key) => !known.has(key)) ?? [];
    if (unknown.length) {
      throw new BadRequestException({ message: `The model was not trained on series ${unknown.slice(0, 5).map((k) => `"${k}"`).join(', ')}.` });
    }
    // Each series once: a key listed many times would otherwise multiply the work and the answer.
    const series = body.series && [...new Set(body.series)];
    this.checkSize(series?.length ?? keys.length, body.horizon ?? saved.horizon, datasetProfileSchema.parse(saved.dataset.profile).maxLength);
    const data: ForecastFromModelJob = { modelId: id, ...body, series };
    const jobId = randomUUID();
    const job = await this.forecasts.add(JOBS.forecastFromModel, data, { jobId, attempts: 1, removeOnComplete: true, removeOnFail: { age: 3600 } });
    const failure = await job.waitUntilFinished(this.forecastEvents, FORECAST_WAIT_MS).then(
      () => null,
      (error: Error) => error.message,
    );
    // Taken whatever the wait ended with, so no answer stays behind (one later than the wait is cleaned up later).
    const answer = await takeModelForecastAnswer(this.database.pool, jobId);
    if (failure !== null || answer === null) throw forecastFailure(id, failure);
    return modelForecastSchema.parse(answer);
  }

  private checkSize(seriesCount: number, horizon: number, longest: number): void {
    if (horizon > longest) {
      throw new BadRequestException({
        message: `horizon: ${horizon} steps reach further ahead than the data go back (the longest series has ${longest} points): ask for at most ${longest}.`,
      });
    }
    const max = this.env.MODEL_FORECAST_MAX_POINTS;
    if (seriesCount * horizon > max) {
      const steps = Math.floor(max / seriesCount);
      const instead = steps >= 1 ? `ask for at most ${steps} ${steps === 1 ? 'step' : 'steps'} for these series, or ` : '';
      throw new BadRequestException({
        message: `${seriesCount} series × ${horizon} steps = ${seriesCount * horizon} forecast points, over the ${max} one request may return (MODEL_FORECAST_MAX_POINTS): ${instead}list fewer series in "series".`,
      });
    }
  }

  private async summaries(actor: Actor, where: object): Promise<TrainedModelSummaryRow[]> {
    const rows = await this.db.for(actor).trainedModel.findMany({
      where,
      omit: { artifact: true, weights: true },
      include: { runModel: { select: { runId: true } } },
      orderBy: { createdAt: 'desc' },
      take: 500,
    });
    const sizes = rows.length
      ? await this.db.for(actor).$queryRaw<{ id: string; bytes: number }[]>`
          SELECT id, coalesce(octet_length(weights), 0)::int AS bytes FROM "TrainedModel" WHERE id = ANY(${rows.map((r) => r.id)}::uuid[])`
      : [];
    const bytes = new Map(sizes.map((s) => [s.id, s.bytes]));
    return rows.map((row) => ({ ...row, weightsBytes: bytes.get(row.id) ?? 0 }));
  }

  private async championIds(actor: Actor, datasetIds: string[]): Promise<Map<string, string | null>> {
    const datasets = await this.db.for(actor).dataset.findMany({ where: { id: { in: [...new Set(datasetIds)] } }, select: { id: true, championId: true } });
    return new Map(datasets.map((d) => [d.id, d.championId]));
  }
}

/** A failed forecast job as the answer: 400 where the request or the data is at fault, 5xx where the system is. */
function forecastFailure(id: string, failure: string | null): Error {
  const message = `Forecasting from saved model ${id} failed: ${failure ?? 'the worker left no answer'}`;
  if (failure === null || isInternalFailure(failure)) return new InternalServerErrorException({ message });
  if (failure.includes('timed out before finishing')) {
    return new GatewayTimeoutException({ message: `Forecasting from saved model ${id} took longer than ${FORECAST_WAIT_MS / 1000} s: list fewer series in "series", or try again when the workers are less busy.` });
  }
  return new BadRequestException({ message });
}
