import 'reflect-metadata';
import { ConsoleLogger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import helmet from 'helmet';
import { loggerOptions } from '@foretell/contracts';
import { QUEUE_BOARD_PATH, QueueBoard } from './admin/queue-board';
import { AppModule } from './app.module';
import { AuthService } from './auth/auth.service';
import { serveApiDocs } from './docs/api-docs';
import { ReadCache } from './infra/read-cache';
import { JsonBodyPipe, withPlainErrors } from './infra/body-errors';
import { RefuseUnsafeInputPipe } from './infra/unsafe-input.pipe';
import { RequestValidationPipe } from './infra/validation-error';
import { operatorOnly } from './auth/operator-only';
import { PRISMA } from './infra/infra.module';
import type { ApiEnv } from './env';

/** Builds the API (used by main.ts and by tests, which pass their own env). */
export async function createApiApp(env: ApiEnv): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forEnv(env), {
    logger: new ConsoleLogger(loggerOptions(env)),
    // The upload route streams the raw multipart body itself; JSON bodies are small (parsed below). No other body
    // type is parsed: a form sent to a JSON route reads as no body, which JsonBodyPipe answers with 415.
    bodyParser: false,
  });
  // `req.ip` is then the client a trusted proxy names in X-Forwarded-For (the sign-in limits key on it).
  app.set('trust proxy', env.TRUST_PROXY);
  app.use(withPlainErrors(json({ verify: refuseInvalidUtf8 })));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new JsonBodyPipe(), new RefuseUnsafeInputPipe(), new RequestValidationPipe());
  app.use(app.get(ReadCache).forgetAfterWrites());
  app.use(helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"] } } }));
  // bull-board sits outside the Nest router (and its guard) and shows every workspace's jobs: the operator only.
  app.use(QUEUE_BOARD_PATH, operatorOnly(app.get(AuthService), app.get(PRISMA), env.COOKIE_SECURE), app.get(QueueBoard).router);
  serveApiDocs(app);
  app.enableShutdownHooks();
  return app;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** JSON bodies must be UTF-8: invalid bytes are refused (400), not decoded to U+FFFD and stored. */
function refuseInvalidUtf8(_req: unknown, _res: unknown, body: Buffer): void {
  try {
    strictUtf8.decode(body);
  } catch {
    // body-parser answers with this status (http-errors keeps an error's own `status`).
    throw Object.assign(new Error('The request body is not valid UTF-8: send it encoded as UTF-8.'), { status: 400 });
  }
}
