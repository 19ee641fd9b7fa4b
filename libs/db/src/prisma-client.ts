import { PrismaPg } from '@prisma/adapter-pg';

import { PrismaClient } from './generated/client';

export interface PrismaClientOptions {
  /** Most connections the pool opens (pg's default is 10). */
  maxConnections?: number;
}

/**
 * A Prisma client over node-postgres. Prisma 7 has no built-in driver: the adapter owns the pool,
 * and `$disconnect()` closes it.
 */
export function createPrismaClient(databaseUrl: string, options: PrismaClientOptions = {}): PrismaClient {
  if (!databaseUrl) throw new Error('createPrismaClient needs a PostgreSQL connection URL (DATABASE_URL).');
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.maxConnections });
  return new PrismaClient({ adapter });
}
