import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { AccuracyModule } from './accuracy/accuracy.module';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { DatasetsModule } from './datasets/datasets.module';
import { API_ENV, type ApiEnv } from './env';
import { HealthModule } from './health/health.module';
import { InfraModule } from './infra/infra.module';
import { ReadCacheModule } from './infra/read-cache';
import { ModelsModule } from './models/models.module';
import { RunsModule } from './runs/runs.module';
import { SchedulesModule } from './schedules/schedules.module';

/** The features, each a module with its controllers and services (their routes are all the API serves). */
export const FEATURE_MODULES: readonly Type[] = [AuthModule, DatasetsModule, RunsModule, SchedulesModule, ModelsModule, AccuracyModule, HealthModule, AdminModule];

/** The API: the shared connections and caches, then the features. The env is global so every module can inject it. */
@Module({})
export class AppModule {
  static forEnv(env: ApiEnv): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [InfraModule, ReadCacheModule, ...FEATURE_MODULES],
      providers: [{ provide: API_ENV, useValue: env }],
      exports: [API_ENV],
    };
  }
}
