import pg from 'pg';
import { afterAll, expect, it } from 'vitest';

import { MIGRATIONS_DIR, createTestDatabase, migrationsBefore, type TestDatabase } from '../testing/test-database';
import { migrateDatabase } from './migrator';

let db: TestDatabase | undefined;
afterAll(async () => {
  await db?.drop();
});

it("gives the models fitted before RunModel.datasetVersion their run's version and hash, and none to the others", async () => {
  const before = await migrationsBefore('_run_model_dataset_version');
  db = await createTestDatabase('db_model_version', { migrate: false });
  await migrateDatabase({ databaseUrl: db.url, migrationsDir: before.dir });

  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    await client.query(`
      INSERT INTO "Workspace" (id, name) VALUES ('${id(1)}', 'w');
      INSERT INTO "Dataset" (id, "workspaceId", name, "updatedAt") VALUES ('${id(2)}', '${id(1)}', 'd', now());
      INSERT INTO "Run" (id, "workspaceId", "datasetId", horizon, season, windows, step, "datasetVersion", "datasetHash")
        VALUES ('${id(5)}', '${id(1)}', '${id(2)}', 6, 12, 2, 6, 3, 'abc');
      INSERT INTO "RunModel" (id, "runId", position, kind, status) VALUES
        ('${id(6)}', '${id(5)}', 0, 'naive', 'completed'), ('${id(7)}', '${id(5)}', 1, 'theta', 'failed');
    `);
    await migrateDatabase({ databaseUrl: db.url, migrationsDir: MIGRATIONS_DIR });
    const { rows } = await client.query('SELECT kind, "datasetVersion", "datasetHash" FROM "RunModel" ORDER BY position');
    expect(rows).toEqual([
      { kind: 'naive', datasetVersion: 3, datasetHash: 'abc' },
      { kind: 'theta', datasetVersion: null, datasetHash: null },
    ]);
  } finally {
    await client.end();
    await before.remove();
  }
}, 60_000);
