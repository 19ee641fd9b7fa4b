import { afterAll, expect, it } from 'vitest';

import { openDatabaseBeforeMigration } from '../testing/test-database';

let db: Awaited<ReturnType<typeof openDatabaseBeforeMigration>> | undefined;
afterAll(() => db?.close());

it("gives the models fitted before RunModel.datasetVersion their run's version and hash, and none to the others", async () => {
  const { client } = (db = await openDatabaseBeforeMigration('_run_model_dataset_version', 'db_model_version'));
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  await client.query(`
    INSERT INTO "Workspace" (id, name) VALUES ('${id(1)}', 'w');
    INSERT INTO "Dataset" (id, "workspaceId", name, "updatedAt") VALUES ('${id(2)}', '${id(1)}', 'd', now());
    INSERT INTO "Run" (id, "workspaceId", "datasetId", horizon, season, windows, step, "datasetVersion", "datasetHash")
      VALUES ('${id(5)}', '${id(1)}', '${id(2)}', 6, 12, 2, 6, 3, 'abc');
    INSERT INTO "RunModel" (id, "runId", position, kind, status) VALUES
      ('${id(6)}', '${id(5)}', 0, 'naive', 'completed'), ('${id(7)}', '${id(5)}', 1, 'theta', 'failed');
  `);
  await db.migrateRest();
  const { rows } = await client.query('SELECT kind, "datasetVersion", "datasetHash" FROM "RunModel" ORDER BY position');
  expect(rows).toEqual([
    { kind: 'naive', datasetVersion: 3, datasetHash: 'abc' },
    { kind: 'theta', datasetVersion: null, datasetHash: null },
  ]);
}, 60_000);
