import { BadRequestException, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ReadCache, ReadCacheInterceptor, ReadCacheInvalidation } from './infra/read-cache';
import { QueueBoard } from './admin/queue-board';
import { ApiKeysService } from './auth/api-keys.service';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { InvitationsController } from './auth/invitations.controller';
import { InvitationsService } from './auth/invitations.service';
import { RateLimiter } from './auth/rate-limiter';
import { WorkspaceDb } from './auth/workspace-db';
import { WorkspacesController } from './auth/workspaces.controller';
import { WorkspacesService } from './auth/workspaces.service';
import { DatasetsController } from './datasets/datasets.controller';
import { DatasetsService } from './datasets/datasets.service';
import { API_ENV, type ApiEnv } from './env';
import { HealthController } from './health/health.controller';
import { InfraModule } from './infra/infra.module';
import { LiveAccuracyController } from './accuracy/live-accuracy.controller';
import { LiveAccuracyService } from './accuracy/live-accuracy.service';
import { ModelsController } from './models/models.controller';
import { ModelsService } from './models/models.service';
import { RunResultsController } from './runs/run-results.controller';
import { RunResultsService } from './runs/run-results.service';
import { RunEventsService } from './runs/run-events.service';
import { RunsController } from './runs/runs.controller';
import { RunsService } from './runs/runs.service';
import { SchedulesController } from './schedules/schedules.controller';
import { SchedulesService } from './schedules/schedules.service';

@Module({})
export class AppModule {
  static forEnv(env: ApiEnv): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [InfraModule],
      controllers: [
        AuthController,
        WorkspacesController,
        InvitationsController,
        DatasetsController,
        RunsController,
        RunResultsController,
        SchedulesController,
        ModelsController,
        LiveAccuracyController,
        HealthController,
      ],
      providers: [
        { provide: API_ENV, useValue: env },
        { provide: APP_GUARD, useClass: AuthGuard },
        ReadCache,
        ReadCacheInterceptor,
        ReadCacheInvalidation,
        AuthService,
        ApiKeysService,
        WorkspacesService,
        InvitationsService,
        RateLimiter,
        WorkspaceDb,
        DatasetsService,
        RunsService,
        RunResultsService,
        RunEventsService,
        SchedulesService,
        ModelsService,
        LiveAccuracyService,
        QueueBoard,
      ],
      exports: [API_ENV],
    };
  }
}

/** Request validation errors as `{ message, issues: [{ path, message }] }`. */
export function validationException(issues: readonly { message: string; path?: readonly unknown[] }[]) {
  const list = issues.map((issue) => ({
    path: (issue.path ?? []).map((p) => (typeof p === 'object' && p !== null && 'key' in p ? String(p.key) : String(p))).join('.'),
    message: issue.message,
  }));
  const first = list[0];
  return new BadRequestException({
    message: first ? `Invalid request: ${first.path ? `${first.path}: ` : ''}${first.message}` : 'Invalid request.',
    issues: list,
  });
}
