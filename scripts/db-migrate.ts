// `npm run db:migrate`: `prisma migrate deploy` without the network (see libs/db/src/migrate/migrator.ts).
import path from 'node:path';

// Relative on purpose: this runs before `db:generate`, and @foretell/db's entry point loads the generated client.
import { migrateDatabase } from '../libs/db/src/migrate/migrator';
import { databaseUrlFromEnv } from './db-url';

async function main(): Promise<void> {
  const databaseUrl = databaseUrlFromEnv();
  const { appliedMigrations } = await migrateDatabase({
    databaseUrl,
    migrationsDir: path.join(__dirname, '..', 'prisma', 'migrations'),
    log: (line) => console.log(line),
  });
  if (appliedMigrations.length === 0) console.log('No pending migrations to apply.');
}

// Exit explicitly: the wasm engine leaves a 10 s timer behind (its advisory-lock timeout), which would hold the
// process open after the work is done.
main().then(() => process.exit(0)).catch((error: Error) => {
  console.error(`db:migrate: ${error.message}`);
  process.exit(1);
});
