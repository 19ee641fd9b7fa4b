import 'reflect-metadata';
import { StandardSchemaValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { logLevelsUpTo } from '@foretell/contracts';
import { AppModule, validationException } from './app.module';
import type { ApiEnv } from './env';

/** Builds the API (used by main.ts and by tests, which pass their own env). */
export async function createApiApp(env: ApiEnv): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forEnv(env), {
    logger: logLevelsUpTo(env.LOG_LEVEL),
    // The upload route streams the raw multipart body itself; JSON bodies are small.
    bodyParser: true,
  });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new StandardSchemaValidationPipe({ exceptionFactory: validationException }));
  app.enableShutdownHooks();
  return app;
}
