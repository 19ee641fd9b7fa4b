import pg from 'pg';

import { listMigrations } from './migration-files';
import { NO_FILTER, withSchemaEngine } from './schema-engine';

export interface MigrateOptions {
  databaseUrl: string;
  /** Directory holding `<timestamp>_<name>/migration.sql` folders and migration_lock.toml. */
  migrationsDir: string;
  /** Progress lines (database created, migration applied); silent when absent. */
  log?: (line: string) => void;
}

export interface MigrateResult {
  /** Whether the database had to be created first. */
  createdDatabase: boolean;
  /** Migrations applied by this call, in order; empty when the database was already up to date. */
  appliedMigrations: string[];
}

/**
 * What `prisma migrate deploy` does, offline: create the database if it is missing, then apply the pending migrations
 * with Prisma's schema engine, which records them in `_prisma_migrations` (checksums, timestamps, step counts) so that
 * the real CLI sees the same history. Safe to run repeatedly and from several processes (the engine takes Prisma's
 * advisory lock).
 */
export async function migrateDatabase({ databaseUrl, migrationsDir, log }: MigrateOptions): Promise<MigrateResult> {
  const createdDatabase = await ensureDatabaseExists(databaseUrl);
  if (createdDatabase) log?.(`Created database ${databaseName(databaseUrl)}.`);

  const migrationsList = await listMigrations(migrationsDir);
  return withSchemaEngine(databaseUrl, 2, async (engine) => {
    try {
      const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
      for (const name of appliedMigrationNames) log?.(`Applied migration ${name}.`);
      return { createdDatabase, appliedMigrations: appliedMigrationNames };
    } catch (error) {
      throw new Error(`Migrating ${redact(databaseUrl)} failed: ${(error as Error).message}`, { cause: error });
    }
  });
}

/** Creates the database named in the URL when it does not exist yet; returns whether it did. */
export async function ensureDatabaseExists(databaseUrl: string): Promise<boolean> {
  const probe = new pg.Client({ connectionString: databaseUrl });
  try {
    await probe.connect();
    return false;
  } catch (error) {
    // 3D000 invalid_catalog_name: the server is up, the database is not there.
    if ((error as { code?: string }).code !== '3D000') {
      throw new Error(`Cannot connect to ${redact(databaseUrl)}: ${(error as Error).message}`, { cause: error });
    }
  } finally {
    await probe.end().catch(() => undefined);
  }

  const admin = new pg.Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${quoteIdentifier(databaseName(databaseUrl))}`);
    return true;
  } catch (error) {
    // 42P04 duplicate_database: another process created it in between, which is what we wanted.
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  } finally {
    await admin.end();
  }
}

export function databaseName(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!name) throw new Error(`The database URL ${redact(databaseUrl)} names no database (expected …/<database>).`);
  return name;
}

/** The same server and credentials, another database (e.g. `postgres` to create or drop one). */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function redact(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return url.toString();
}
