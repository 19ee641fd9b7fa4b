import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, Sse, type MessageEvent } from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { z } from 'zod';
import { CurrentActor, type Actor } from '../auth/actor';
import { CachedRead, NO_STORE } from '../infra/read-cache';
import { createRunSchema, idParam, listByDatasetQuery, seriesIdQuery, type CreateRun, type Run, type SeriesForecast } from '@foretell/contracts';
import { RunEventsService } from './run-events.service';
import { RunsService } from './runs.service';

const uuid = idParam('a run');

@Controller('runs')
export class RunsController {
  constructor(
    private readonly runs: RunsService,
    private readonly runEvents: RunEventsService,
  ) {}

  @Post()
  create(@CurrentActor() actor: Actor, @Body({ schema: createRunSchema }) body: CreateRun): Promise<Run> {
    return this.runs.create(actor, body);
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query({ schema: listByDatasetQuery }) query: z.infer<typeof listByDatasetQuery>): Promise<Run[]> {
    return this.runs.list(actor, query.datasetId);
  }

  @Get(':id')
  @CachedRead()
  async get(
    @CurrentActor() actor: Actor,
    @Param('id', { schema: uuid }) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Run> {
    const run = await this.runs.get(actor, id);
    if (run.status === 'queued' || run.status === 'running') res.setHeader('Cache-Control', NO_STORE);
    return run;
  }

  /** 200 with the run, now (or already) cancelled; 409 when it has already completed or failed; 404 when unknown. */
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentActor() actor: Actor, @Param('id', { schema: uuid }) id: string): Promise<Run> {
    return this.runs.cancel(actor, id);
  }

  @Get(':id/forecasts')
  @CachedRead()
  async forecasts(
    @CurrentActor() actor: Actor,
    @Param('id', { schema: uuid }) id: string,
    @Query({ schema: seriesIdQuery }) query: z.infer<typeof seriesIdQuery>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SeriesForecast[]> {
    const { forecasts, final } = await this.runs.forecasts(actor, id, query.seriesId);
    if (!final) res.setHeader('Cache-Control', NO_STORE);
    return forecasts;
  }

  @Sse(':id/events')
  async events(@CurrentActor() actor: Actor, @Param('id', { schema: uuid }) id: string): Promise<Observable<MessageEvent>> {
    const run = await this.runs.findOrThrow(actor, id);
    return this.runEvents.streamFor(actor, run).pipe(map((event) => ({ data: event })));
  }
}
