import { expect, it } from 'vitest';

import { databaseBeforeMigration, rowId as id, WORKSPACE_AND_DATASET } from './backfill.fixture';

const openDatabase = databaseBeforeMigration('_forecast_origin', 'db_origin');

it('backfills Forecast.origin from the last backtest cutoff, else from the series length', async () => {
  // The migrations before forecast_origin, on a database holding forecasts written before it.
  const { client, migrateRest } = await openDatabase();
  await client.query(`${WORKSPACE_AND_DATASET}
    -- 60 points now; the run below saw 54 (6 appended since). The short one has no backtest.
    INSERT INTO "Series" (id, "datasetId", key, position, start, length, values) VALUES
      ('${id(3)}', '${id(2)}', 'long', 0, now(), 60, ''::bytea), ('${id(4)}', '${id(2)}', 'short', 1, now(), 10, ''::bytea);
    INSERT INTO "Run" (id, "workspaceId", "datasetId", horizon, season, windows, step) VALUES ('${id(5)}', '${id(1)}', '${id(2)}', 6, 12, 2, 6);
    INSERT INTO "RunModel" (id, "runId", position, kind) VALUES ('${id(6)}', '${id(5)}', 0, 'naive');
    INSERT INTO "Forecast" ("runModelId", "seriesId", yhat, backtest, metrics) VALUES
      ('${id(6)}', '${id(3)}', ''::bytea, '{"cutoffs": [42, 48], "yhat": [[], []]}', '{}'),
      ('${id(6)}', '${id(4)}', ''::bytea, '{"cutoffs": [], "yhat": []}', '{}');
  `);
  await migrateRest();
  const { rows } = await client.query<{ key: string; origin: number }>(
    'SELECT s.key, f.origin FROM "Forecast" f JOIN "Series" s ON s.id = f."seriesId" ORDER BY s.key',
  );
  expect(rows).toEqual([
    { key: 'long', origin: 54 },
    { key: 'short', origin: 10 },
  ]);
}, 60_000);
