import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { CurrentActor, type Actor } from '../auth/actor';
import { exportQuery, idParam, seriesIdQuery, type SeriesBacktest } from '@foretell/contracts';
import { RunResultsService } from './run-results.service';

const uuid = idParam('a run');

@Controller('runs')
export class RunResultsController {
  constructor(private readonly results: RunResultsService) {}

  @Get(':id/backtests')
  backtests(@CurrentActor() actor: Actor, @Param('id', { schema: uuid }) id: string, @Query({ schema: seriesIdQuery }) query: z.infer<typeof seriesIdQuery>): Promise<SeriesBacktest[]> {
    return this.results.backtests(actor, id, query.seriesId);
  }

  /** CSV download: `?what=forecasts` (with interval bounds) or `?what=backtests` (with actuals). */
  @Get(':id/export')
  async export(@CurrentActor() actor: Actor,
    @Param('id', { schema: uuid }) id: string,
    @Query({ schema: exportQuery }) query: z.infer<typeof exportQuery>,
    @Res() res: Response,
  ): Promise<void> {
    const lines = this.results.exportCsv(actor, id, query.what);
    const header = await lines.next(); // a missing run fails here, before the headers go out
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="run-${id.slice(0, 8)}-${query.what}.csv"`);
    res.write(header.value ?? '');
    await pipeline(Readable.from(lines), res);
  }
}
