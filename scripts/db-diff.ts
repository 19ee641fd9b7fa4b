// Writes the SQL for a schema change with Prisma's own engine, offline — the job of `prisma migrate diff` /
// `migrate dev --create-only`, whose shadow-database path the Prisma 7 CLI cannot run here.
//
//   node -r @swc-node/register scripts/db-diff.ts --from <old schema.prisma> [--create <name>]
//   node -r @swc-node/register scripts/db-diff.ts --from-empty [--create <name>]
//
// The old schema is usually the committed one: `git show HEAD:prisma/schema.prisma > /tmp/old.prisma`.
// Without --create the SQL goes to stdout; with it, to prisma/migrations/<UTC timestamp>_<name>/migration.sql.
// libs/db's migrations spec fails if prisma/migrations no longer builds the schema in prisma/schema.prisma.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { migrationLockfile } from '../libs/db/src/migrate/migration-files';
import { withDatabase } from '../libs/db/src/migrate/migrator';
import { diffSchemas, isEmptyMigration } from '../libs/db/src/migrate/schema-diff';
import { databaseUrlFromEnv } from './db-url';

const ROOT = path.join(__dirname, '..');
const MIGRATIONS_DIR = path.join(ROOT, 'prisma', 'migrations');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      'from-empty': { type: 'boolean', default: false },
      to: { type: 'string', default: path.join(ROOT, 'prisma', 'schema.prisma') },
      create: { type: 'string' },
    },
  });
  if (!values.from === !values['from-empty']) throw new Error('Pass exactly one of --from <schema.prisma> or --from-empty.');

  const read = (file: string) => ({ path: path.basename(file), content: readFileSync(file, 'utf8') });
  const from = values.from ? read(values.from) : null;
  // The engine wants a live server to start; the maintenance database always exists and is left untouched.
  const script = await diffSchemas(from, read(values.to), withDatabase(databaseUrlFromEnv(), 'postgres'));

  if (!values.create) {
    // Wait for the write: stdout to a pipe is asynchronous, and the process exits right after.
    await new Promise((resolve) => process.stdout.write(script, resolve));
    return;
  }
  if (isEmptyMigration(script)) throw new Error('The schemas do not differ: no migration written.');

  // Prisma's naming: UTC YYYYMMDDHHMMSS, then the name in snake case.
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const name = values.create.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'migration.sql'), script);
  const lockfile = path.join(MIGRATIONS_DIR, 'migration_lock.toml');
  if (!existsSync(lockfile)) writeFileSync(lockfile, migrationLockfile('postgresql'));
  console.error(`Wrote ${path.relative(ROOT, dir)}/migration.sql`);
}

// Exit explicitly: the wasm engine leaves a 10 s timer behind that would hold the process open.
main().then(() => process.exit(0)).catch((error: Error) => {
  console.error(`db-diff: ${error.message}`);
  process.exit(1);
});
