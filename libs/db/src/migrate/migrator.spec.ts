import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

import { MIGRATIONS_DIR, createTestDatabase, type TestDatabase } from '../testing/test-database';
import { migrateDatabase } from './migrator';
import { diffSchemas } from './schema-diff';

const SCHEMA_PATH = path.join(MIGRATIONS_DIR, '..', 'schema.prisma');
const databases: TestDatabase[] = [];

afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

/** An unmigrated, not-yet-created database name: migrateDatabase has to create it. */
async function reserveDatabase(prefix: string): Promise<TestDatabase> {
  const db = await createTestDatabase(prefix, { migrate: false });
  databases.push(db);
  await db.drop();
  return db;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('migrateDatabase', () => {
  it('creates a missing database, applies every migration once, and records them as Prisma does', async () => {
    const db = await reserveDatabase('db_migrate');
    const dirs = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(dirs.length).toBeGreaterThan(0);

    const first = await migrateDatabase({ databaseUrl: db.url, migrationsDir: MIGRATIONS_DIR });
    expect(first).toEqual({ createdDatabase: true, appliedMigrations: dirs });

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; logs: string | null; rolled_back_at: Date | null; applied_steps_count: number }>(
      db.url,
      'SELECT migration_name, checksum, finished_at, logs, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY started_at',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(dirs);
    for (const row of rows) {
      // `prisma migrate deploy` compares this checksum with the file: the SHA-256 of migration.sql, in hex.
      const script = await readFile(path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(script).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row).toMatchObject({ logs: null, rolled_back_at: null, applied_steps_count: 1 });
    }
    const tables = await query<{ tablename: string }>(db.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    expect(tables.map((t) => t.tablename)).toEqual(
      ['ApiKey', 'Dataset', 'DatasetUpload', 'DriftCheck', 'Forecast', 'ForecastScore', 'Invitation', 'Membership', 'ModelForecastAnswer', 'Run', 'RunModel', 'RunModelShard', 'Schedule', 'Series', 'Session', 'TrainedModel', 'UploadChunk', 'User', 'Workspace', '_prisma_migrations'],
    );

    const second = await migrateDatabase({ databaseUrl: db.url, migrationsDir: MIGRATIONS_DIR });
    expect(second).toEqual({ createdDatabase: false, appliedMigrations: [] });
    expect(await query(db.url, 'SELECT migration_name, started_at FROM _prisma_migrations ORDER BY started_at')).toHaveLength(dirs.length);
  });

  it('builds exactly the schema in prisma/schema.prisma (no change lacks its migration)', async () => {
    const [migrated, direct] = await Promise.all([reserveDatabase('db_drift_a'), reserveDatabase('db_drift_b')]);
    await migrateDatabase({ databaseUrl: migrated.url, migrationsDir: MIGRATIONS_DIR });

    // The other database gets the whole schema in one step, straight from schema.prisma.
    const schema = { path: 'schema.prisma', content: await readFile(SCHEMA_PATH, 'utf8') };
    const emptyDir = await mkdtemp(path.join(tmpdir(), 'db-drift-'));
    await migrateDatabase({ databaseUrl: direct.url, migrationsDir: emptyDir });
    const client = new pg.Client({ connectionString: direct.url });
    await client.connect();
    await client.query(await diffSchemas(null, schema, direct.url));
    await client.end();
    await rm(emptyDir, { recursive: true });

    const [a, b] = await Promise.all([catalog(migrated.url), catalog(direct.url)]);
    expect(a.columns.length).toBeGreaterThan(40);
    expect(a, 'prisma/migrations differs from schema.prisma: add a migration (scripts/db-diff.ts)').toEqual(b);
  });

  it('stops at a migration that fails, names it, and refuses to go on until it is resolved', async () => {
    const db = await reserveDatabase('db_migrate_fail');
    const dir = await mkdtemp(path.join(tmpdir(), 'db-migrations-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await mkdir(path.join(dir, '99990101000000_broken'));
    await writeFile(path.join(dir, '99990101000000_broken', 'migration.sql'), 'ALTER TABLE "NoSuchTable" ADD COLUMN "x" INTEGER;\n');

    await expect(migrateDatabase({ databaseUrl: db.url, migrationsDir: dir })).rejects.toThrow(/99990101000000_broken/);
    const failed = await query<{ finished_at: Date | null; logs: string | null }>(
      db.url,
      "SELECT finished_at, logs FROM _prisma_migrations WHERE migration_name = '99990101000000_broken'",
    );
    expect(failed).toHaveLength(1);
    expect(failed[0].finished_at).toBeNull();
    expect(failed[0].logs).toMatch(/NoSuchTable/);
    await expect(migrateDatabase({ databaseUrl: db.url, migrationsDir: dir })).rejects.toThrow(/failed migrations/i);
    await rm(dir, { recursive: true });
  });
});

/** What a migration can change, in a stable order: columns, enums, constraints, indexes. */
async function catalog(url: string) {
  const [columns, enums, constraints, indexes] = await Promise.all([
    query(url, `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
                       character_maximum_length, numeric_precision, datetime_precision
                FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
                ORDER BY table_name, column_name`),
    query(url, `SELECT t.typname, e.enumlabel, e.enumsortorder FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
                ORDER BY t.typname, e.enumsortorder`),
    query(url, `SELECT c.conrelid::regclass::text AS table_name, c.conname, pg_get_constraintdef(c.oid) AS definition
                FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> '_prisma_migrations'
                ORDER BY 1, 2`),
    query(url, `SELECT tablename, indexname, indexdef FROM pg_indexes
                WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`),
  ]);
  return { columns, enums, constraints, indexes };
}
