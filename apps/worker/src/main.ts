import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadEnv } from './env';
import { WorkerModule } from './worker.module';

async function main() {
  const env = loadEnv();
  const order = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  const app = await NestFactory.createApplicationContext(WorkerModule.forEnv(env), {
    logger: order.slice(0, order.indexOf(env.LOG_LEVEL) + 1) as never,
  });
  app.enableShutdownHooks();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
