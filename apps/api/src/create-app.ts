import 'reflect-metadata';
import { ConsoleLogger, StandardSchemaValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Express } from 'express';
import helmet from 'helmet';
import { loggerOptions } from '@foretell/contracts';
import { QUEUE_BOARD_PATH, QueueBoard } from './admin/queue-board';
import { AppModule, validationException } from './app.module';
import { AuthService } from './auth/auth.service';
import { ReadCache } from './infra/read-cache';
import { operatorOnly } from './auth/operator-only';
import { PRISMA } from './infra/infra.module';
import type { ApiEnv } from './env';

/** Builds the API (used by main.ts and by tests, which pass their own env). */
export async function createApiApp(env: ApiEnv): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forEnv(env), {
    logger: new ConsoleLogger(loggerOptions(env)),
    // The upload route streams the raw multipart body itself; JSON bodies are small.
    bodyParser: true,
  });
  // `req.ip` is then the client a trusted proxy names in X-Forwarded-For (the sign-in limits key on it).
  (app.getHttpAdapter().getInstance() as Express).set('trust proxy', env.TRUST_PROXY);
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new StandardSchemaValidationPipe({ exceptionFactory: validationException }));
  app.use(app.get(ReadCache).forgetAfterWrites());
  app.use(helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"] } } }));
  // bull-board sits outside the Nest router (and its guard) and shows every workspace's jobs: the operator only.
  app.use(QUEUE_BOARD_PATH, operatorOnly(app.get(AuthService), app.get(PRISMA)), app.get(QueueBoard).router);
  app.enableShutdownHooks();
  return app;
}
