import { expect, it } from 'vitest';

import { databaseBeforeMigration, rowId as id, WORKSPACE_AND_DATASET } from './backfill.fixture';

const openDatabase = databaseBeforeMigration('_run_model_dataset_version', 'db_model_version');

it("gives the models fitted before RunModel.datasetVersion their run's version and hash, and none to the others", async () => {
  const { client, migrateRest } = await openDatabase();
  await client.query(`${WORKSPACE_AND_DATASET}
    INSERT INTO "Run" (id, "workspaceId", "datasetId", horizon, season, windows, step, "datasetVersion", "datasetHash")
      VALUES ('${id(5)}', '${id(1)}', '${id(2)}', 6, 12, 2, 6, 3, 'abc');
    INSERT INTO "RunModel" (id, "runId", position, kind, status) VALUES
      ('${id(6)}', '${id(5)}', 0, 'naive', 'completed'), ('${id(7)}', '${id(5)}', 1, 'theta', 'failed');
  `);
  await migrateRest();
  const { rows } = await client.query('SELECT kind, "datasetVersion", "datasetHash" FROM "RunModel" ORDER BY position');
  expect(rows).toEqual([
    { kind: 'naive', datasetVersion: 3, datasetHash: 'abc' },
    { kind: 'theta', datasetVersion: null, datasetHash: null },
  ]);
}, 60_000);
