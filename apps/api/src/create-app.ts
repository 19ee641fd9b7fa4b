import 'reflect-metadata';
import { ConsoleLogger, StandardSchemaValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loggerOptions } from '@foretell/contracts';
import { QUEUE_BOARD_PATH, QueueBoard } from './admin/queue-board';
import { AppModule, validationException } from './app.module';
import type { ApiEnv } from './env';

/** Builds the API (used by main.ts and by tests, which pass their own env). */
export async function createApiApp(env: ApiEnv): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forEnv(env), {
    logger: new ConsoleLogger(loggerOptions(env)),
    // The upload route streams the raw multipart body itself; JSON bodies are small.
    bodyParser: true,
  });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new StandardSchemaValidationPipe({ exceptionFactory: validationException }));
  app.use(QUEUE_BOARD_PATH, app.get(QueueBoard).router);
  app.enableShutdownHooks();
  return app;
}
