import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ModelsController } from './models.controller';
import { ModelsService } from './models.service';

/** The trained models a run saved, and forecasts from them without retraining. */
@Module({ imports: [AuthModule], controllers: [ModelsController], providers: [ModelsService] })
export class ModelsModule {}
