import { connectDatabase, type Database } from '@foretell/db';
import { loadEnv } from '../env';

let database: Database | undefined;

/** The database connections of this sandboxed child process, opened on first use and reused across its jobs. */
export function sandboxDatabase(): Database {
  database ??= connectDatabase(loadEnv().DATABASE_URL, { maxConnections: 4 });
  return database;
}
