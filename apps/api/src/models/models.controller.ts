import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { CurrentActor, type Actor } from '../auth/actor';
import { idParam, listModelsQuery, modelForecastRequestSchema, type ModelForecast, type ModelForecastRequest, type TrainedModel } from '@foretell/contracts';
import { ModelsService } from './models.service';

const uuid = idParam('a saved model');

@Controller('models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query({ schema: listModelsQuery }) query: z.infer<typeof listModelsQuery>): Promise<TrainedModel[]> {
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
