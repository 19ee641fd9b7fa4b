import { BadRequestException, Module, type DynamicModule } from '@nestjs/common';
import { QueueBoard } from './admin/queue-board';
import { DatasetsController } from './datasets/datasets.controller';
import { DatasetsService } from './datasets/datasets.service';
import { API_ENV, type ApiEnv } from './env';
import { HealthController } from './health/health.controller';
import { InfraModule } from './infra/infra.module';
import { RunEventsService } from './runs/run-events.service';
import { RunsController } from './runs/runs.controller';
import { RunsService } from './runs/runs.service';

@Module({})
export class AppModule {
  static forEnv(env: ApiEnv): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [InfraModule],
      controllers: [DatasetsController, RunsController, HealthController],
      providers: [{ provide: API_ENV, useValue: env }, DatasetsService, RunsService, RunEventsService, QueueBoard],
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
