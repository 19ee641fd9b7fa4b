import { expect, it } from 'vitest';

import { databaseBeforeMigration, rowId as id, WORKSPACE_AND_DATASET } from './backfill.fixture';
import { encodeValues } from '../values-codec';

const openDatabase = databaseBeforeMigration('_backtest_actuals', 'db_actuals');

it('backfills each backtest window with the actuals the stored series holds, null where missing or not seen', async () => {
  // The migrations before backtest_actuals, on a database holding a backtest written before it.
  const { client, migrateRest } = await openDatabase();
  // 12 points, point 8 missing; the run saw 10 (origin), so points 10 and 11 are not its actuals.
  const values = Float64Array.from({ length: 12 }, (_, t) => (t === 8 ? NaN : t === 5 ? -0.1 : t === 6 ? 1.5e300 : 10 + t));
  await client.query(`${WORKSPACE_AND_DATASET}
    INSERT INTO "Run" (id, "workspaceId", "datasetId", horizon, season, windows, step) VALUES ('${id(5)}', '${id(1)}', '${id(2)}', 4, 1, 2, 2);
    INSERT INTO "RunModel" (id, "runId", position, kind) VALUES ('${id(6)}', '${id(5)}', 0, 'naive');
  `);
  await client.query(
    `INSERT INTO "Series" (id, "datasetId", key, position, start, length, values) VALUES ('${id(3)}', '${id(2)}', 'k', 0, now(), 12, $1)`,
    [Buffer.from(encodeValues(values).buffer)],
  );
  await client.query(
    `INSERT INTO "Forecast" ("runModelId", "seriesId", yhat, origin, backtest, metrics) VALUES ('${id(6)}', '${id(3)}', ''::bytea, 10, $1, '{}')`,
    [{ cutoffs: [4, 8], yhat: [[1, 2, 3, 4], [1, 2, 3, 4]], metrics: [null, null] }],
  );
  await migrateRest();
  const { rows } = await client.query<{ backtest: { actual: unknown } }>('SELECT backtest FROM "Forecast"');
  expect(rows[0]!.backtest).toEqual({
    cutoffs: [4, 8],
    yhat: [[1, 2, 3, 4], [1, 2, 3, 4]],
    metrics: [null, null],
    actual: [
      [14, -0.1, 1.5e300, 17],
      [null, 19, null, null],
    ],
  });
  const functions = await client.query(`SELECT 1 FROM pg_proc WHERE proname = '__backtest_actuals_f64le'`);
  expect(functions.rowCount).toBe(0);
}, 60_000);
