import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LiveAccuracyController } from './live-accuracy.controller';
import { LiveAccuracyService } from './live-accuracy.service';

/** Live accuracy: stored forecasts scored on appended actuals, against their backtests, and live-drift decisions. */
@Module({ imports: [AuthModule], controllers: [LiveAccuracyController], providers: [LiveAccuracyService] })
export class AccuracyModule {}
