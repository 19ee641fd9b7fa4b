import { defineConfig } from 'prisma/config';

import { databaseUrlFromEnv } from './scripts/db-url';

// Prisma 7 no longer reads the connection URL from schema.prisma; the CLI takes it from here.
// Offline, only `prisma generate` runs through the CLI (scripts/db-generate.sh); migrations are applied by
// scripts/db-migrate.ts, which reads the same DATABASE_URL.

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: databaseUrlFromEnv() },
});
