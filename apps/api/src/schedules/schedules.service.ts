import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { CreateSchedule, Schedule, UpdateSchedule } from '@foretell/contracts';
import type { PrismaClient, Schedule as ScheduleRow } from '@foretell/db';
import { nextScheduledRun, scheduleTiming, syncJobScheduler, timingProblem, type Queue, type ScheduleTiming } from '@foretell/queue';
import { PRISMA, SCHEDULES_QUEUE } from '../infra/infra.module';
import { toSchedule } from './schedule.mapper';

/**
 * Schedules live in Postgres (the truth) and as BullMQ job schedulers in Redis (the clock): every write updates both,
 * the row first, so a failed Redis call leaves a schedule the worker re-applies at boot.
 */
@Injectable()
export class SchedulesService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(SCHEDULES_QUEUE) private readonly queue: Queue,
  ) {}

  async create(body: CreateSchedule): Promise<Schedule> {
    const dataset = await this.prisma.dataset.findUnique({ where: { id: body.datasetId } });
    if (!dataset) throw new NotFoundException(`No dataset ${body.datasetId}.`);
    const timing = checkTiming(body.cron ? { cron: body.cron, timezone: body.timezone } : { everySeconds: body.everySeconds! });
    const row = await this.prisma.schedule.create({
      data: {
        datasetId: dataset.id,
        name: body.name ?? `Retrain ${dataset.name}`,
        ...timingColumns(timing),
        config: body.run as object,
        paused: body.paused,
        driftThreshold: body.driftThreshold,
        webhookUrl: body.webhookUrl,
      },
    });
    return this.apply(row);
  }

  async list(datasetId?: string): Promise<Schedule[]> {
    const rows = await this.prisma.schedule.findMany({ where: datasetId ? { datasetId } : {}, orderBy: { createdAt: 'desc' } });
    return Promise.all(rows.map(async (row) => toSchedule(row, await this.nextRun(row))));
  }

  async get(id: string): Promise<Schedule> {
    const row = await this.findOrThrow(id);
    return toSchedule(row, await this.nextRun(row));
  }

  async update(id: string, body: UpdateSchedule): Promise<Schedule> {
    const row = await this.findOrThrow(id);
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
    const updated = await this.prisma.schedule.update({
      where: { id },
      data: {
        name: body.name,
        ...timingColumns(timing),
        config: body.run as object | undefined,
        paused: body.paused,
        driftThreshold: body.driftThreshold,
        webhookUrl: body.webhookUrl,
      },
    });
    return this.apply(updated);
  }

  async remove(id: string): Promise<void> {
    await this.findOrThrow(id);
    await this.prisma.schedule.delete({ where: { id } });
    await this.queue.removeJobScheduler(id);
  }

  private async apply(row: ScheduleRow): Promise<Schedule> {
    await syncJobScheduler(this.queue, { id: row.id, paused: row.paused, timing: scheduleTiming(row) });
    return toSchedule(row, await this.nextRun(row));
  }

  private nextRun(row: ScheduleRow): Promise<Date | null> {
    return row.paused ? Promise.resolve(null) : nextScheduledRun(this.queue, row.id);
  }

  private async findOrThrow(id: string): Promise<ScheduleRow> {
    const row = await this.prisma.schedule.findUnique({ where: { id } });
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
