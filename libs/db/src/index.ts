export { PrismaClient, Prisma } from './generated/client';
export type { Dataset, DatasetUpload, UploadChunk, Series, Run, RunModel, Forecast, Schedule, TrainedModel, ForecastScore, DriftCheck, ApiKey, User, Workspace, Membership, Session, Invitation } from './generated/client';
export { DatasetStatus, RunStatus, RunTrigger, UploadKind, Role } from './generated/enums';

export { connectDatabase, inTransaction, type Database, type DatabaseOptions, type Queryable } from './database';
export { appendUploadChunk, endUpload, readUploadChunks, UploadAbortedError } from './upload.repository';
export { encodeValues, decodeValues } from './values-codec';
export {
  loadDatasetSeries,
  loadDatasetSnapshot,
  insertDatasetSeries,
  updateSeriesValues,
  datasetContentHash,
  type DatasetSnapshot,
  type LoadedSeries,
  type NewSeries,
} from './series.repository';
export { lockDataset, storeAppend, failUpload, uploadOutcome, type AppendChange, type LockedDataset } from './append.repository';
export {
  migrateDatabase,
  ensureDatabaseExists,
  databaseName,
  withDatabase,
  quoteIdentifier,
  type MigrateOptions,
  type MigrateResult,
} from './migrate/migrator';
export { createTestDatabase, openTestDatabase, MIGRATIONS_DIR, type TestDatabase } from './testing/test-database';
export { storeIngestedDataset, failIngestedDataset, finishUpload, type UploadRef } from './ingest.repository';
export { checkRunConfig, createRun, idFromKey, modelsToFit, RunRejectedError, type NewRun } from './run.repository';
export { forWorkspace, WorkspaceScopeError } from './workspace-scope';
export { retryOnConflict } from './retry-conflicts';
export {
  RUN_TRANSITIONS,
  MODEL_TRANSITIONS,
  TERMINAL_STATUSES,
  claimModel,
  claimShard,
  joinFit,
  reportModelProgress,
  completeModel,
  completeEnsemble,
  failModel,
  requeueModel,
  noteModelCancelled,
  cancelRun,
  endRun,
  recordCalendarUsed,
  type RunTransition,
  type ModelTransition,
  type RunStateDb,
  type ModelResults,
  type RunFitted,
} from './run-state';
export {
  forecastsAwaitingActuals,
  modelLiveAccuracy,
  seriesLiveAccuracy,
  storeLiveScores,
  type ForecastAwaitingActuals,
  type LiveScoreRow,
} from './live-accuracy.repository';
export { insertForecasts, setForecastIntervals, type ForecastRow } from './forecast.repository';
export { storeModelForecastAnswer, takeModelForecastAnswer } from './model-forecast-answer.repository';
export { pinShardVersion, planFits, shardSeriesSetting } from './run-shards';
