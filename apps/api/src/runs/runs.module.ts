import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { RunEventsService } from './run-events.service';
import { RunResultsController } from './run-results.controller';
import { RunResultsService } from './run-results.service';
import { RunsController } from './runs.controller';
import { RunsService } from './runs.service';

/** Runs: creating and cancelling them, their leaderboard, forecasts, exports and live events. */
@Module({
  imports: [AuthModule],
  controllers: [RunsController, RunResultsController],
  providers: [RunsService, RunResultsService, RunEventsService],
})
export class RunsModule {}
