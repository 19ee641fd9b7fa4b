import { describe, expect, it } from 'vitest';
import { pageQuerySchema } from './live-accuracy.schema';
import { createScheduleSchema, LIVE_DRIFT_DEFAULTS, updateScheduleSchema } from './schedules.schema';

const schedule = { datasetId: '00000000-0000-4000-8000-000000000000', everySeconds: 3600, run: { horizon: 12, models: [{ kind: 'naive' }], backtest: { windows: 1 } } };

describe('live drift settings of a schedule', () => {
  it('default to the stated margin and points, retraining on drift', () => {
    expect(createScheduleSchema.parse(schedule)).toMatchObject({ liveDriftMargin: LIVE_DRIFT_DEFAULTS.margin, liveDriftMinPoints: LIVE_DRIFT_DEFAULTS.minPoints, retrainOnDrift: true });
    expect(updateScheduleSchema.parse({})).toEqual({});
  });

  it('refuse a negative margin and a number of points that is not a whole number of at least 1, naming the field', () => {
    for (const [field, value] of [['liveDriftMargin', -0.1], ['liveDriftMinPoints', 0], ['liveDriftMinPoints', 2.5], ['retrainOnDrift', 'yes']] as const) {
      const result = createScheduleSchema.safeParse({ ...schedule, [field]: value });
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]!.path).toEqual([field]);
    }
  });
});

describe('paging', () => {
  it('reads offset and limit from the query, with defaults and a ceiling', () => {
    expect(pageQuerySchema.parse({})).toEqual({ offset: 0, limit: 50 });
    expect(pageQuerySchema.parse({ offset: '20', limit: '500' })).toEqual({ offset: 20, limit: 500 });
    expect(pageQuerySchema.safeParse({ limit: '501' }).error!.issues[0]).toMatchObject({ path: ['limit'], message: 'must be a whole number from 1 to 500' });
    expect(pageQuerySchema.safeParse({ offset: '-1' }).success).toBe(false);
    expect(pageQuerySchema.safeParse({ limit: 'ten' }).success).toBe(false);
  });
});
