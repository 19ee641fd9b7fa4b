import { insertDatasetSeries, type Database, type NewSeries } from '@foretell/db';
import type { JobLike } from '@foretell/queue';

/** A job that takes progress and hand-backs without a queue (the processors' specs call them directly). */
export const quietJob = {
  id: '1',
  name: 'fit',
  data: {},
  attemptsMade: 0,
  opts: {},
  updateProgress: async () => undefined,
  moveToWait: async () => undefined,
} as unknown as JobLike;

/** A workspace holding one ready dataset of `series`, as an upload leaves it. */
export async function readyDataset(
  db: Database,
  dataset: { name: string; profile: object; contentHash?: string },
  series: readonly NewSeries[],
): Promise<{ workspaceId: string; datasetId: string }> {
  const workspaceId = (await db.prisma.workspace.create({ data: { name: 'w' } })).id;
  const datasetId = (await db.prisma.dataset.create({ data: { workspaceId, status: 'ready', ...dataset } })).id;
  await insertDatasetSeries(db.pool, datasetId, series);
  return { workspaceId, datasetId };
}
