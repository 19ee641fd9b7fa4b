import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { WorkspaceDb } from '../auth/workspace-db';
import { QUEUES, type CreateSchedule, type RunConfig, type Schedule, type UpdateSchedule } from '@foretell/contracts';
import { checkRunConfig, Prisma, type Schedule as ScheduleRow } from '@foretell/db';
import {
  fireScheduleNow,
  nextScheduledRun,
  scheduleTiming,
  syncJobScheduler,
  timingProblem,
  webhookUrlProblem,
  type Queue,
  type ScheduleTiming,
} from '@foretell/queue';
import { API_ENV, type ApiEnv } from '../env';
import { InjectQueue } from '../infra/infra.module';
import { rejectionToHttp } from '../runs/run-rejection';
import { toSchedule } from './schedule.mapper';
import { datasetDeleted, whileDatasetExists } from '../infra/dataset-gone';

/**
 * Schedules live in Postgres (the truth) and as BullMQ job schedulers in Redis (the clock): every write updates both,
 * the row first, so a failed Redis call leaves a schedule the worker re-applies at boot.
 */
@Injectable()
export class SchedulesService {
  constructor(
    private readonly db: WorkspaceDb,
    @InjectQueue(QUEUES.schedules) private readonly queue: Queue,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  async create(actor: Actor, body: CreateSchedule): Promise<Schedule> {
    const dataset = await this.db.for(actor).dataset.findUnique({ where: { id: body.datasetId } });
    if (!dataset) throw new NotFoundException(`No dataset ${body.datasetId}.`);
    const timing = checkTiming(body.cron ? { cron: body.cron, timezone: body.timezone } : { everySeconds: body.everySeconds! });
    await this.checkWebhook(body.webhookUrl);
    await this.checkRun(actor, dataset, body.run);
    const row = await whileDatasetExists(dataset.id, 'the schedule was being created', () => this.db.for(actor).schedule.create({
      data: {
        workspaceId: actor.workspaceId,
        datasetId: dataset.id,
        name: body.name ?? `Retrain ${dataset.name}`,
        ...timingColumns(timing),
        config: body.run as object,
        paused: body.paused,
        driftThreshold: body.driftThreshold,
        liveDriftMargin: body.liveDriftMargin,
        liveDriftMinPoints: body.liveDriftMinPoints,
        retrainOnDrift: body.retrainOnDrift,
        webhookUrl: body.webhookUrl,
      },
    }));
    const schedule = await this.apply(actor, row);
    // The dataset (and the schedule with it) may have been deleted before its job scheduler was added, which the
    // deletion then could not remove: removed here so it never fires.
    if (!(await this.db.for(actor).schedule.findUnique({ where: { id: row.id }, select: { id: true } }))) {
      await this.queue.removeJobScheduler(row.id);
      throw datasetDeleted(dataset.id, 'the schedule was being created');
    }
    return schedule;
  }

  async list(actor: Actor, datasetId?: string): Promise<Schedule[]> {
    const rows = await this.db.for(actor).schedule.findMany({ where: datasetId ? { datasetId } : {}, orderBy: { createdAt: 'desc' } });
    return Promise.all(rows.map(async (row) => toSchedule(row, await this.nextRun(actor, row), actor.role)));
  }

  async get(actor: Actor, id: string): Promise<Schedule> {
    const row = await this.findOrThrow(actor, id);
    return toSchedule(row, await this.nextRun(actor, row), actor.role);
  }

  async update(actor: Actor, id: string, body: UpdateSchedule): Promise<Schedule> {
    const row = await this.findOrThrow(actor, id);
    let timing = scheduleTiming(row);
    if (body.cron !== undefined || body.everySeconds !== undefined || body.timezone !== undefined) {
      const cron = body.cron === undefined ? row.cron : body.cron;
      const everySeconds = body.everySeconds === undefined ? row.everySeconds : body.everySeconds;
      if ((cron == null) === (everySeconds == null)) {
        throw new BadRequestException({ message: 'A schedule needs exactly one of "cron" and "everySeconds": set one and null the other.' });
      }
      const timezone = body.timezone === undefined ? row.timezone : body.timezone;
      timing = checkTiming(cron != null ? { cron, timezone } : { everySeconds: everySeconds! });
    }
    await this.checkWebhook(body.webhookUrl);
    if (body.run) await this.checkRun(actor, await this.db.for(actor).dataset.findUniqueOrThrow({ where: { id: row.datasetId } }), body.run);
    const resumed = body.paused === false && row.paused;
    const updated = await this.db.for(actor).schedule.update({
      where: { id },
      data: {
        name: body.name,
        ...timingColumns(timing),
        config: body.run as object | undefined,
        paused: body.paused,
        // A user's pause or resume replaces the system's reason; failed runs in a row are counted from a resume.
        ...(body.paused !== undefined && { pausedReason: null }),
        ...(resumed && { resumedAt: new Date() }),
        driftThreshold: body.driftThreshold,
        liveDriftMargin: body.liveDriftMargin,
        liveDriftMinPoints: body.liveDriftMinPoints,
        retrainOnDrift: body.retrainOnDrift,
        webhookUrl: body.webhookUrl,
        // The last delivery's outcome was another address's.
        ...(body.webhookUrl !== undefined && body.webhookUrl !== row.webhookUrl && { lastWebhook: Prisma.DbNull }),
      },
    });
    return this.apply(actor, updated);
  }

  async runNow(actor: Actor, id: string): Promise<Schedule> {
    const row = await this.findOrThrow(actor, id);
    if (row.paused) throw new ConflictException({ message: `Schedule ${id} is paused; resume it to run it.` });
    await fireScheduleNow(this.queue, id);
    return toSchedule(row, await this.nextRun(actor, row), actor.role);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.findOrThrow(actor, id);
    await this.db.for(actor).schedule.delete({ where: { id } });
    await this.queue.removeJobScheduler(id);
  }

  private async apply(actor: Actor, row: ScheduleRow): Promise<Schedule> {
    await syncJobScheduler(this.queue, { id: row.id, paused: row.paused, timing: scheduleTiming(row) });
    return toSchedule(row, await this.nextRun(actor, row), actor.role);
  }

  /**
   * The runs it will start must be ones `POST /runs` accepts (the same check); a dataset not ready yet has no profile
   * to check against, and its runs are checked when they start.
   */
  private async checkRun(actor: Actor, dataset: { id: string; status: string; profile: unknown }, run: RunConfig): Promise<void> {
    if (dataset.status !== 'ready') return;
    await checkRunConfig(this.db.for(actor), dataset, run).catch((error: unknown) => rejectionToHttp(error, 'run.'));
  }

  /** Webhooks may not reach this machine or its networks (SSRF) unless the operator allows the host. */
  private async checkWebhook(url: string | null | undefined): Promise<void> {
    if (!url) return;
    const problem = await webhookUrlProblem(url, this.env.WEBHOOK_ALLOWED_HOSTS);
    if (problem) throw new BadRequestException({ message: problem });
  }

  private nextRun(actor: Actor, row: ScheduleRow): Promise<Date | null> {
    return row.paused ? Promise.resolve(null) : nextScheduledRun(this.queue, row.id);
  }

  private async findOrThrow(actor: Actor, id: string): Promise<ScheduleRow> {
    const row = await this.db.for(actor).schedule.findUnique({ where: { id } });
    if (!row) throw new NotFoundException(`No schedule ${id}.`);
    return row;
  }
}

function checkTiming(timing: ScheduleTiming): ScheduleTiming {
  const problem = timingProblem(timing);
  if (problem) throw new BadRequestException({ message: problem });
  return timing;
}

function timingColumns(timing: ScheduleTiming) {
  return 'cron' in timing
    ? { cron: timing.cron, timezone: timing.timezone ?? 'UTC', everySeconds: null }
    : { cron: null, timezone: null, everySeconds: timing.everySeconds };
}
