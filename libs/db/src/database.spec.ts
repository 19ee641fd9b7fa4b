import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { connectDatabase } from './database';
import { createTestDatabase, type TestDatabase } from './testing/test-database';

describe('connectDatabase', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase('db_connect', { migrate: false });
  });
  afterAll(() => testDb?.drop());

  // An idle connection the server ends (a restart, idle_session_timeout, DROP … WITH FORCE after pool.end) made the pool
  // emit 'error' with nobody listening, which throws out of the socket handler and ends the process (CI saw it as an
  // unhandled error after every test had passed).
  it('survives the server ending an idle connection, and opens a new one for the next query', async () => {
    const database = connectDatabase(testDb.url);
    try {
      const { rows } = await database.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const admin = new pg.Client({ connectionString: testDb.url });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      await admin.end();
      for (const start = Date.now(); database.pool.totalCount > 0; ) {
        if (Date.now() - start > 5_000) throw new Error('the pool kept the ended connection');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const again = await database.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(again.rows[0]!.pid).not.toBe(rows[0]!.pid);
    } finally {
      await database.close();
    }
  });
});
