import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

import { PrismaClient } from './generated/client';

export interface DatabaseOptions {
  /** Most connections the pool opens (pg's default is 10). */
  maxConnections?: number;
}

/** Anything that runs SQL: the pool, or one client inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/**
 * Prisma for queries and writes of rows, and the same node-postgres pool for bulk bytes (uploads, series values),
 * which pg sends and reads as binary parameters several times faster than Prisma's driver adapter converts them.
 */
export interface Database {
  prisma: PrismaClient;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function connectDatabase(databaseUrl: string, options: DatabaseOptions = {}): Database {
  if (!databaseUrl) throw new Error('connectDatabase needs a PostgreSQL connection URL (DATABASE_URL).');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.maxConnections });
  // The server may end an idle connection (a restart, a timeout, a forced drop): pg has already discarded it and the
  // next query opens another, but an 'error' event nobody listens to would end the process.
  pool.on('error', () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  let closing: Promise<void> | undefined;
  return {
    prisma,
    pool,
    close: () => (closing ??= prisma.$disconnect().then(() => pool.end())),
  };
}

/**
 * Runs `work` in one transaction on one pooled connection; `snapshot`: read-only, every query seeing the same snapshot
 * (REPEATABLE READ), for reads that must agree with each other while writers commit.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  { snapshot = false } = {},
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(snapshot ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
