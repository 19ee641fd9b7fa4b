import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pg from 'pg';

import { connectDatabase, type Database } from '../database';
import { migrateDatabase, quoteIdentifier, withDatabase } from '../migrate/migrator';

/** The repository's migrations, for tests and scripts that live anywhere in the workspace. */
export const MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'prisma', 'migrations');

/**
 * A copy of the migrations as they were before the one whose name ends with `suffix` (it and every later one left out,
 * since they may read what it adds): migrate a test database with it, write rows as they were, then apply the rest.
 */
async function migrationsBefore(suffix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'db-migrations-'));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  const names = (await readdir(dir)).filter((name) => /^\d+_/.test(name)).sort();
  const first = names.findIndex((name) => name.endsWith(suffix));
  if (first < 0) throw new Error(`No migration ends with ${suffix}.`);
  for (const name of names.slice(first)) await rm(path.join(dir, name), { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true }) };
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database, closing any connection still open on it. */
  drop(): Promise<void>;
}

/**
 * A fresh, uniquely named database on the server of `serverUrl` (default: DATABASE_URL or the local one), migrated
 * with the repository's migrations unless `migrate: false`. For integration tests: each file gets its own.
 */
export async function createTestDatabase(
  prefix: string,
  { serverUrl = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres', migrate = true } = {},
): Promise<TestDatabase> {
  const name = `${prefix.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = withDatabase(serverUrl, name);
  const drop = () => dropDatabase(url, name);
  if (migrate) {
    await migrateDatabase({ databaseUrl: url, migrationsDir: MIGRATIONS_DIR }).catch(async (error: Error) => {
      await drop();
      throw error;
    });
  } else {
    await withAdmin(url, (admin) => admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
  }
  return { name, url, drop };
}

async function dropDatabase(url: string, name: string): Promise<void> {
  // FORCE (PostgreSQL 13+) ends sessions a test left open, such as a pool not yet drained.
  await withAdmin(url, (admin) => admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`));
}

async function withAdmin<T>(url: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** A fresh test database (as `createTestDatabase`) with its connections open; `close` closes them and drops it. */
export async function openTestDatabase(prefix: string): Promise<Database & { url: string }> {
  const testDb = await createTestDatabase(prefix);
  const database = connectDatabase(testDb.url);
  return { ...database, url: testDb.url, close: () => database.close().finally(() => testDb.drop()) };
}

/**
 * A test database migrated up to just before the migration whose name ends with `suffix`, and a client on it: write rows
 * as they were then, call `migrateRest()` to apply that migration and the later ones, and read what they made of the
 * rows. `close()` ends the client and drops the database.
 */
export async function openDatabaseBeforeMigration(suffix: string, prefix: string) {
  const before = await migrationsBefore(suffix);
  const testDb = await createTestDatabase(prefix, { migrate: false });
  const client = new pg.Client({ connectionString: testDb.url });
  const close = async () => {
    await client.end().catch(() => undefined);
    await before.remove();
    await testDb.drop();
  };
  try {
    await migrateDatabase({ databaseUrl: testDb.url, migrationsDir: before.dir });
    await client.connect();
  } catch (error) {
    await close();
    throw error;
  }
  return { client, close, migrateRest: () => migrateDatabase({ databaseUrl: testDb.url, migrationsDir: MIGRATIONS_DIR }) };
}
