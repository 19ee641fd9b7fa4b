import IORedis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES, type ModelForecast, type TrainedModel } from '@foretell/contracts';
import { finishedRun, getJson, postJson, uploadDataset } from './testing/http';
import { useTestStack } from './testing/test-stack';

const MAX_POINTS = 30;
const LENGTH = 24;

/** A forecast from a saved model is bounded (how far ahead, how many points) and leaves no copy of itself in Redis. */
describe('forecasts from a saved model: limits', () => {
  const stack = useTestStack({ workerEnv: { MODEL_FORECAST_MAX_POINTS: String(MAX_POINTS) } });
  let model: TrainedModel;
  let redis: IORedis;

  beforeAll(async () => {
    const month = (i: number) => `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    const rows = ['a', 'b'].flatMap((key) => Array.from({ length: LENGTH }, (_, i) => `${key},${month(i)},${i + 1}`));
    const datasetId = await uploadDataset(stack.url, { name: 'two.csv', text: `id,month,value\n${rows.join('\n')}\n` });
    const created = await postJson(`${stack.url}/runs`, { datasetId, horizon: 2, models: [{ kind: 'naive' }], backtest: { windows: 1 } });
    expect((await finishedRun(stack.url, created.body.id, 120_000)).status).toBe('completed');
    [model] = (await getJson(`${stack.url}/models?datasetId=${datasetId}`)).body as TrainedModel[];
    redis = new IORedis(stack.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  }, 180_000);
  afterAll(() => redis?.disconnect());

  const forecast = (body: object) => postJson(`${stack.url}/models/${model.id}/forecast`, body);

  it('refuses a horizon further ahead than the longest series goes back', async () => {
    const refused = await forecast({ horizon: LENGTH + 1 });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe(`horizon: ${LENGTH + 1} steps reach further ahead than the data go back (the longest series has ${LENGTH} points): ask for at most ${LENGTH}.`);
  });

  it('refuses more points (series × horizon) than MODEL_FORECAST_MAX_POINTS, saying what to ask for instead', async () => {
    const refused = await forecast({ horizon: 16 });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe(
      `2 series × 16 steps = 32 forecast points, over the ${MAX_POINTS} one request may return (MODEL_FORECAST_MAX_POINTS): ask for at most 15 steps for these series, or list fewer series in "series".`,
    );
    const one = await forecast({ horizon: 16, series: ['a'] });
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect((one.body as ModelForecast).series[0]!.yhat).toHaveLength(16);
  });

  it('keeps no copy of the answer in Redis: neither a finished job nor the queue\'s event stream holds it', async () => {
    const answered = await forecast({ horizon: 15 });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect((answered.body as ModelForecast).series.map((s) => s.yhat.length)).toEqual([15, 15]);
    const prefix = `${stack.env.QUEUE_PREFIX}:${QUEUES.forecasts}`;
    expect(await redis.zcard(`${prefix}:completed`)).toBe(0);
    const events = await redis.xrange(`${prefix}:events`, '-', '+');
    expect(events.filter(([, fields]) => fields.join(' ').includes('yhat'))).toEqual([]);
    expect(await stack.db.prisma.$queryRaw`SELECT id FROM "ModelForecastAnswer"`).toEqual([]);
  });

  it('answers a saved model the worker cannot read with a 500 (the fault is ours, not the request\'s), and still forecasts after', async () => {
    const { artifact } = await stack.db.prisma.trainedModel.findUniqueOrThrow({ where: { id: model.id } });
    await stack.db.prisma.trainedModel.update({ where: { id: model.id }, data: { artifact: { broken: true } } });
    try {
      const failed = await forecast({});
      expect(failed.status, JSON.stringify(failed.body)).toBe(500);
      expect(failed.body.message).toMatch(/^Forecasting from saved model .* failed: Internal error .*\(ref [0-9a-f]+\); the team has the details\.$/);
    } finally {
      await stack.db.prisma.trainedModel.update({ where: { id: model.id }, data: { artifact: artifact as object } });
    }
    expect((await forecast({})).status).toBe(200);
  });
});
