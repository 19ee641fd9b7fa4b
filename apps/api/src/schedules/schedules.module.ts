import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SchedulesController } from './schedules.controller';
import { SchedulesService } from './schedules.service';

/** Recurring runs (BullMQ job schedulers) and their webhooks. */
@Module({ imports: [AuthModule], controllers: [SchedulesController], providers: [SchedulesService] })
export class SchedulesModule {}
