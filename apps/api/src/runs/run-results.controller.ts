import { Controller, Get, Logger, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { CurrentActor, type Actor } from '../auth/actor';
import { exportQuery, idParam, seriesIdQuery, type SeriesBacktest } from '@foretell/contracts';
import { RunResultsService } from './run-results.service';

const uuid = idParam('a run');
/** What a write to a response whose client has gone fails with (a download cancelled, a tab closed). */
const HUNG_UP = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE']);

@Controller('runs')
export class RunResultsController {
  private readonly logger = new Logger('exports');
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
    try {
      await pipeline(Readable.from(lines), res);
    } catch (error) {
      // A client hanging up is not an error of ours (pipeline has stopped the rows); a failure producing them still is.
      if (!HUNG_UP.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      this.logger.log(`The client hung up during the export of ${query.what} of run ${id}.`);
    }
  }
}
