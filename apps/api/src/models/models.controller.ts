import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
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
  list(@Query({ schema: listQuery }) query: z.infer<typeof listQuery>): Promise<TrainedModel[]> {
    return this.models.list(query);
  }

  @Get(':id')
  get(@Param('id', { schema: uuid }) id: string): Promise<TrainedModel> {
    return this.models.get(id);
  }

  @Post(':id/forecast')
  @HttpCode(200)
  forecast(
    @Param('id', { schema: uuid }) id: string,
    @Body({ schema: modelForecastRequestSchema }) body: ModelForecastRequest,
  ): Promise<ModelForecast> {
    return this.models.forecast(id, body);
  }
}
