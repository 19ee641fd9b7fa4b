import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { CurrentActor, type Actor } from '../auth/actor';
import { modelForecastRequestSchema, type ModelForecast, type ModelForecastRequest, type TrainedModel } from '@foretell/contracts';
import { ModelsService } from './models.service';

const uuid = z.string().uuid({ message: 'must be a saved model id (UUID)' });
const listQuery = z.object({
  datasetId: z.string().uuid().optional(),
  /** Only each dataset's champion. */
  champion: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
});

@Controller('models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query({ schema: listQuery }) query: z.infer<typeof listQuery>): Promise<TrainedModel[]> {
    return this.models.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', { schema: uuid }) id: string): Promise<TrainedModel> {
    return this.models.get(actor, id);
  }

  @Post(':id/forecast')
  @HttpCode(200)
  forecast(@CurrentActor() actor: Actor,
    @Param('id', { schema: uuid }) id: string,
    @Body({ schema: modelForecastRequestSchema }) body: ModelForecastRequest,
  ): Promise<ModelForecast> {
    return this.models.forecast(actor, id, body);
  }
}
