import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { WorkspaceDb } from '../auth/workspace-db';
import { InjectQueue } from '../infra/infra.module';
import {
  liveDriftFiguresSchema,
  QUEUES,
  type DriftCheckPage,
  type ModelLiveAccuracyPage,
  type PageQuery,
  type SeriesLiveAccuracyPage,
} from '@foretell/contracts';
import { modelLiveAccuracy, seriesLiveAccuracy } from '@foretell/db';
import { scoringUnderway, type Queue } from '@foretell/queue';

/** The latest appends whose scoring is looked for: scoring jobs run in order, so older ones have ended before them. */
const RECENT_APPENDS = 20;

/**
 * Live accuracy: stored forecasts scored on the actuals appended since (the worker scores them), against what their
 * backtests promised, and the live-drift decisions of the dataset's schedules. Reads only: the dataset is found through
 * the workspace's client first, then its scores are aggregated.
 */
@Injectable()
export class LiveAccuracyService {
  constructor(
    private readonly db: WorkspaceDb,
    @InjectQueue(QUEUES.liveAccuracy) private readonly scoringQueue: Queue,
  ) {}

  /** The models' figures, and whether appended rows are still being scored (until then, some are missing). */
  async models(actor: Actor, datasetId: string, page: PageQuery): Promise<ModelLiveAccuracyPage> {
    const dataset = await this.dataset(actor, datasetId);
    const champion = await this.championRunModelId(actor, dataset.championId);
    const appends = await this.db.for(actor).datasetUpload.findMany({
      where: { datasetId, kind: 'append', status: 'ready' },
      orderBy: { createdAt: 'desc' },
      take: RECENT_APPENDS,
      select: { id: true },
    });
    // Asked before the figures are read: "not scoring" then means the figures hold every scored point.
    const scoring = await scoringUnderway(this.scoringQueue, appends.map((a) => a.id));
    return { ...(await modelLiveAccuracy(this.db.for(actor), datasetId, page, champion)), ...page, scoring };
  }

  async series(actor: Actor, datasetId: string, asked: string | undefined, page: PageQuery): Promise<SeriesLiveAccuracyPage> {
    const dataset = await this.dataset(actor, datasetId);
    const runModelId = asked ?? (await this.championRunModelId(actor, dataset.championId));
    if (!runModelId) throw new BadRequestException({ message: `Dataset ${datasetId} has no champion yet: name the model with ?runModelId=.` });
    const model = await this.db.for(actor).runModel.findFirst({ where: { id: runModelId, run: { datasetId } }, select: { id: true } });
    if (!model) throw new BadRequestException({ message: `Run model ${runModelId} did not forecast dataset ${datasetId}.` });
    return { ...(await seriesLiveAccuracy(this.db.for(actor), runModelId, page)), ...page, runModelId };
  }

  async driftChecks(actor: Actor, datasetId: string, { offset, limit }: PageQuery): Promise<DriftCheckPage> {
    await this.dataset(actor, datasetId);
    const where = { datasetId };
    const [rows, total] = await Promise.all([
      this.db.for(actor).driftCheck.findMany({ where, orderBy: { createdAt: 'desc' }, skip: offset, take: limit }),
      this.db.for(actor).driftCheck.count({ where }),
    ]);
    const items = rows.map((row) => ({
      id: row.id,
      scheduleId: row.scheduleId,
      datasetId: row.datasetId,
      uploadId: row.uploadId,
      drifted: row.drifted,
      figures: liveDriftFiguresSchema.parse(row.figures),
      retrainRunId: row.retrainRunId,
      createdAt: row.createdAt.toISOString(),
    }));
    return { items, total, offset, limit };
  }

  private async championRunModelId(actor: Actor, championId: string | null): Promise<string | null> {
    if (!championId) return null;
    const champion = await this.db.for(actor).trainedModel.findUnique({ where: { id: championId }, select: { runModelId: true } });
    return champion?.runModelId ?? null;
  }

  private async dataset(actor: Actor, id: string) {
    const dataset = await this.db.for(actor).dataset.findUnique({ where: { id }, select: { id: true, championId: true } });
    if (!dataset) throw new NotFoundException(`No dataset ${id}.`);
    return dataset;
  }
}
