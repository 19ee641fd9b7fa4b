import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { CurrentActor, type Actor } from '../auth/actor';
import {
  createScheduleSchema,
  idParam,
  listByDatasetQuery,
  updateScheduleSchema,
  type CreateSchedule,
  type Schedule,
  type UpdateSchedule,
} from '@foretell/contracts';
import { SchedulesService } from './schedules.service';

const uuid = idParam('a schedule');

@Controller('schedules')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Post()
  create(@CurrentActor() actor: Actor, @Body({ schema: createScheduleSchema }) body: CreateSchedule): Promise<Schedule> {
    return this.schedules.create(actor, body);
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query({ schema: listByDatasetQuery }) query: z.infer<typeof listByDatasetQuery>): Promise<Schedule[]> {
    return this.schedules.list(actor, query.datasetId);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', { schema: uuid }) id: string): Promise<Schedule> {
    return this.schedules.get(actor, id);
  }

  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', { schema: uuid }) id: string, @Body({ schema: updateScheduleSchema }) body: UpdateSchedule): Promise<Schedule> {
    return this.schedules.update(actor, id, body);
  }

  /** Fires the schedule once now, beside its timing; the run appears in its history. */
  @Post(':id/run')
  @HttpCode(202)
  runNow(@CurrentActor() actor: Actor, @Param('id', { schema: uuid }) id: string): Promise<Schedule> {
    return this.schedules.runNow(actor, id);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('id', { schema: uuid }) id: string): Promise<void> {
    await this.schedules.remove(actor, id);
  }
}
