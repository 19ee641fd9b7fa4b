import { Logger } from '@nestjs/common';
import { guardProcess } from '@foretell/contracts';
import { createApiApp } from './create-app';
import { loadEnv } from './env';

async function main() {
  const env = loadEnv();
  const app = await createApiApp(env);
  const logger = new Logger('process');
  guardProcess(process, { log: (message, fields) => logger.error(message, fields), exit: (code) => process.exit(code) });
  await app.listen(env.PORT, env.HOST);
  new Logger('api').log(`Listening on ${await app.getUrl()}/api`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
