import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { logLevelsUpTo } from '@foretell/contracts';
import { loadEnv } from './env';
import { WorkerModule } from './worker.module';

async function main() {
  const env = loadEnv();
  const app = await NestFactory.createApplicationContext(WorkerModule.forEnv(env), { logger: logLevelsUpTo(env.LOG_LEVEL) });
  app.enableShutdownHooks();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
