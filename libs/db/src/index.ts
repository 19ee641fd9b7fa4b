export { PrismaClient, Prisma } from './generated/client';
export type { Dataset, UploadChunk, Series, Run, RunModel, Forecast } from './generated/client';
export { DatasetStatus, RunStatus } from './generated/enums';

export { createPrismaClient, type PrismaClientOptions } from './prisma-client';
export { encodeValues, decodeValues } from './values-codec';
export { loadDatasetSeries, insertDatasetSeries, type LoadedSeries, type NewSeries } from './series.repository';
export {
  migrateDatabase,
  ensureDatabaseExists,
  databaseName,
  withDatabase,
  quoteIdentifier,
  type MigrateOptions,
  type MigrateResult,
} from './migrate/migrator';
