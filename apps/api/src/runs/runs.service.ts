import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { WorkspaceDb } from '../auth/workspace-db';
import {
  datasetProfileSchema,
  gridTimestamps,
  intervalsSchema,
  QUEUES,
  runModelKindSchema,
  RUN_PRIORITY,
  type CreateRun,
  type Run,
  type SeriesForecast,
} from '@foretell/contracts';
import { cancelRun, createRun, decodeValues, modelsToFit, planFits, shardSeriesSetting } from '@foretell/db';
import { announceRunCancelled, enqueueRun, fitJobIds, requestCancel, type FlowProducer, type Queue, type QueueEventsProducer } from '@foretell/queue';
import { FIT_CANCELS, FLOWS, InjectQueue } from '../infra/infra.module';
import { rejectionToHttp } from './run-rejection';
import { toRun } from './run.mapper';
import { whileDatasetExists } from '../infra/dataset-gone';

@Injectable()
export class RunsService {
  private readonly logger = new Logger('runs');

  constructor(
    private readonly db: WorkspaceDb,
    @Inject(FLOWS) private readonly flows: FlowProducer,
    @InjectQueue(QUEUES.modelFits) private readonly fits: Queue,
    @Inject(FIT_CANCELS) private readonly fitCancels: QueueEventsProducer,
  ) {}

  /** Records the run and its models, then queues one fit job per model under a parent that combines (ensembles) and ranks them. */
  async create(actor: Actor, body: CreateRun): Promise<Run> {
    const run = await whileDatasetExists(body.datasetId, 'the run was being created', () =>
      createRun(this.db.for(actor), { datasetId: body.datasetId, config: body }),
    ).catch(rejectionToHttp);
    try {
      const fits = await planFits(this.db.for(actor), run, modelsToFit(run.models), shardSeriesSetting());
      await enqueueRun(this.flows, { runId: run.id, fits, priority: RUN_PRIORITY[run.trigger] });
    } catch (error) {
      await this.db.for(actor).run.delete({ where: { id: run.id } });
      throw error;
    }
    this.logger.log('Run queued', { runId: run.id, datasetId: run.datasetId, models: run.models.length });
    return toRun(run);
  }

  /**
   * Cancels a queued or running run: the run and its unfinished models become `cancelled` at once (completed models
   * keep their results), their queued fit jobs are removed, and workers stop the fits in progress within an epoch.
   * The run's parent job still ends it (ranks what completed, sets finishedAt). Cancelling a cancelled run answers it
   * again; a completed or failed one is a conflict.
   */
  async cancel(actor: Actor, id: string): Promise<Run> {
    const run = await this.findOrThrow(actor, id);
    if (run.status === 'cancelled') return toRun(run);
    if (run.status === 'completed' || run.status === 'failed') {
      throw new ConflictException(`Run ${id} has already ${run.status === 'completed' ? 'completed' : 'failed'}: nothing to cancel.`);
    }
    const modelIds = await cancelRun(this.db.for(actor), id);
    // It ended meanwhile: answer as for an ended run.
    if (!modelIds) return this.cancel(actor, id);
    // Waiting jobs go at once (the last one releases the parent); active ones are locked and get the cancel event.
    const jobIds = await fitJobIds(this.fits, modelIds);
    for (const jobId of jobIds) await this.fits.remove(jobId);
    await requestCancel(this.fitCancels, jobIds);
    await announceRunCancelled(this.fitCancels, id);
    this.logger.log('Run cancelled', { runId: id, unfinishedModels: modelIds.length });
    return this.get(actor, id);
  }

  async list(actor: Actor, datasetId?: string): Promise<Run[]> {
    const rows = await this.db.for(actor).run.findMany({
      where: datasetId ? { datasetId } : {},
      include: { models: true },
      orderBy: { createdAt: 'desc' },
      take: 200,
    });
    return rows.map(toRun);
  }

  async get(actor: Actor, id: string): Promise<Run> {
    return toRun(await this.findOrThrow(actor, id));
  }

  /**
   * The forecast after the series ends as each model saw it (dates from the stored origin, not today's length), with
   * its prediction intervals, one per model that completed. `final`: the run has ended, so these will not change.
   */
  async forecasts(actor: Actor, id: string, seriesKey: string): Promise<{ forecasts: SeriesForecast[]; final: boolean }> {
    const db = this.db.for(actor);
    // Two queries (the run with its dataset's profile and the series; the forecasts): this is a hot read.
    const run = await db.run.findUnique({
      where: { id },
      select: { horizon: true, status: true, dataset: { select: { profile: true, series: { where: { key: seriesKey }, select: { id: true, start: true } } } } },
    });
    if (!run) throw new NotFoundException(`No run ${id}.`);
    const series = run.dataset.series[0];
    if (!series) throw new NotFoundException(`The run's dataset has no series "${seriesKey}".`);
    const rows = await db.forecast.findMany({
      // A model that did not complete (cancelled, failed) may hold rows its shards saved: partial, never served.
      where: { seriesId: series.id, runModel: { runId: id, status: 'completed' } },
      select: { yhat: true, origin: true, intervals: true, runModel: { select: { kind: true, position: true } } },
    });
    const frequency = datasetProfileSchema.parse(run.dataset.profile).frequency;
    const forecasts = rows
      .sort((a, b) => a.runModel.position - b.runModel.position)
      .map((row) => {
        const yhat = Array.from(decodeValues(row.yhat));
        return {
          seriesId: seriesKey,
          kind: runModelKindSchema.parse(row.runModel.kind),
          timestamps: gridTimestamps(series.start, frequency, yhat.length, row.origin).map((d) => d.toISOString()),
          yhat,
          intervals: intervalsSchema.parse(row.intervals ?? {}),
        };
      });
    return { forecasts, final: run.status !== 'queued' && run.status !== 'running' };
  }

  async findOrThrow(actor: Actor, id: string) {
    const run = await this.db.for(actor).run.findUnique({ where: { id }, include: { models: true } });
    if (!run) throw new NotFoundException(`No run ${id}.`);
    return run;
  }
}
