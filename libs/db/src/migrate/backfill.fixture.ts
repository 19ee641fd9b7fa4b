/** Test-only: what the specs of migrations that backfill older rows share. */
import { afterAll } from 'vitest';
import { openDatabaseBeforeMigration } from '../testing/test-database';

/** The id of a spec's row `n`: a valid UUID that reads as its number in a failure. */
export const rowId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Workspace 1 and its dataset 2, which every older row hangs from. */
export const WORKSPACE_AND_DATASET = `
  INSERT INTO "Workspace" (id, name) VALUES ('${rowId(1)}', 'w');
  INSERT INTO "Dataset" (id, "workspaceId", name, "updatedAt") VALUES ('${rowId(2)}', '${rowId(1)}', 'd', now());`;

/**
 * Opens, when the test calls it, a database migrated up to just before the migration whose name ends with `suffix`
 * (`openDatabaseBeforeMigration`); it is dropped after the spec file.
 */
export function databaseBeforeMigration(suffix: string, prefix: string) {
  let db: Awaited<ReturnType<typeof openDatabaseBeforeMigration>> | undefined;
  afterAll(() => db?.close());
  return async () => (db = await openDatabaseBeforeMigration(suffix, prefix));
}
