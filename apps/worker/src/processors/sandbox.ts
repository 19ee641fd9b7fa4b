import { createPrismaClient, type PrismaClient } from '@foretell/db';
import { loadEnv } from '../env';

let prisma: PrismaClient | undefined;

/** The Prisma client of this sandboxed child process, created on first use and reused across its jobs. */
export function sandboxPrisma(): PrismaClient {
  prisma ??= createPrismaClient(loadEnv().DATABASE_URL);
  return prisma;
}
