import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database';
import { planFits, shardSeriesSetting } from './run-shards';
import { insertDatasetSeries } from './series.repository';
import { openTestDatabase } from './testing/test-database';

describe('planning a run\'s fits', () => {
  let db: Database;
  let datasetId: string;
  beforeAll(async () => {
    db = await openTestDatabase('db_run_shards');
    const workspace = await db.prisma.workspace.create({ data: { name: 'w' } });
    datasetId = (await db.prisma.dataset.create({ data: { workspaceId: workspace.id, name: 'd', status: 'ready' } })).id;
    const series = Array.from({ length: 23 }, (_, i) => ({ key: `s${i}`, start: new Date('2020-01-01T00:00:00Z'), values: new Float64Array([1, 2, 3]) }));
    await insertDatasetSeries(db.pool, datasetId, series);
  });
  afterAll(() => db?.close());

  const models = [
    { id: 'local', kind: 'theta' },
    { id: 'global', kind: 'nlinear' },
  ];

  it('shards local models on more series than the shard size, never global ones', async () => {
    expect(await planFits(db.prisma, { datasetId, covariates: null }, models, 10)).toEqual([
      { runModelId: 'local', shards: { count: 3, series: 10 } },
      { runModelId: 'global' },
    ]);
  });

  it('keeps one job per model when the series fit in one shard, or when the run names its series\' roles', async () => {
    expect(await planFits(db.prisma, { datasetId, covariates: null }, models, 23)).toEqual([{ runModelId: 'local' }, { runModelId: 'global' }]);
    const roles = { target: ['s0'], past: ['s1'], future: [] };
    expect(await planFits(db.prisma, { datasetId, covariates: roles }, models, 10)).toEqual([{ runModelId: 'local' }, { runModelId: 'global' }]);
  });

  it('reads the shard size from RUN_SHARD_SERIES, refusing what is not a positive integer', () => {
    expect(shardSeriesSetting({})).toBe(1_000);
    expect(shardSeriesSetting({ RUN_SHARD_SERIES: '7' })).toBe(7);
    for (const bad of ['', '0', '-3', '2.5', 'many']) expect(() => shardSeriesSetting({ RUN_SHARD_SERIES: bad })).toThrow(`RUN_SHARD_SERIES must be a positive integer, got "${bad}"`);
  });
});
