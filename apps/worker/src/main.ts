import 'reflect-metadata';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { guardProcess, loggerOptions } from '@foretell/contracts';
import { loadEnv } from './env';
import { WorkerModule } from './worker.module';

async function main() {
  const env = loadEnv();
  const app = await NestFactory.createApplicationContext(WorkerModule.forEnv(env), { logger: new ConsoleLogger(loggerOptions(env)) });
  const logger = new Logger('worker');
  guardProcess(process, { log: (message, fields) => logger.error(message, fields), exit: (code) => process.exit(code) });
  // SIGTERM (docker stop, systemd, the stack scripts) closes the workers gracefully and exits 0; a second one kills.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log('Shutting down', { signal });
      app.close().then(
        () => {
          logger.log('Shut down cleanly');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
