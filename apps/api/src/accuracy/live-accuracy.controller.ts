import { Controller, Get, Param, Query } from '@nestjs/common';
import type { z } from 'zod';
import { CurrentActor, type Actor } from '../auth/actor';
import {
  idParam,
  pageQuerySchema,
  seriesLiveAccuracyQuerySchema,
  type DriftCheckPage,
  type ModelLiveAccuracyPage,
  type PageQuery,
  type SeriesLiveAccuracyPage,
} from '@foretell/contracts';
import { LiveAccuracyService } from './live-accuracy.service';

const uuid = idParam('a dataset');

@Controller('datasets')
export class LiveAccuracyController {
  constructor(private readonly accuracy: LiveAccuracyService) {}

  /** Each model whose forecasts were scored on appended actuals: live against promised, newest run first. */
  @Get(':id/accuracy')
  models(@CurrentActor() actor: Actor, @Param('id', { schema: uuid }) id: string, @Query({ schema: pageQuerySchema }) page: PageQuery): Promise<ModelLiveAccuracyPage> {
    return this.accuracy.models(actor, id, page);
  }

  /** One model's live accuracy per series (`?runModelId=`, else the champion's), worst live MASE first. */
  @Get(':id/accuracy/series')
  series(
    @CurrentActor() actor: Actor,
    @Param('id', { schema: uuid }) id: string,
    @Query({ schema: seriesLiveAccuracyQuerySchema }) query: z.infer<typeof seriesLiveAccuracyQuerySchema>,
  ): Promise<SeriesLiveAccuracyPage> {
    const { runModelId, ...page } = query;
    return this.accuracy.series(actor, id, runModelId, page);
  }

  /** The live-drift decisions of the dataset's schedules, newest first, with their figures. */
  @Get(':id/drift-checks')
  driftChecks(@CurrentActor() actor: Actor, @Param('id', { schema: uuid }) id: string, @Query({ schema: pageQuerySchema }) page: PageQuery): Promise<DriftCheckPage> {
    return this.accuracy.driftChecks(actor, id, page);
  }
}
