import { describe, expect, it } from 'vitest';
import { createScheduleSchema } from '@foretell/contracts';
import { describeTrigger, scheduleBody, type ScheduleDraft } from './schedule-form';

const draft: ScheduleDraft = {
  datasetId: '7f0c3f1e-1b8a-4c1e-9a55-2a1f1c7e0b11',
  name: ' nightly ',
  trigger: 'cron',
  cron: '0 3 * * *',
  timezone: 'Europe/Paris',
  every: '6',
  unit: 'hours',
  horizon: '12',
  windows: '2',
  models: ['naive', 'theta'],
  driftPercent: '20',
  webhookUrl: '',
};

describe('scheduleBody', () => {
  it('builds a body the API schema accepts, with cron or an interval but not both', () => {
    const cron = scheduleBody(draft);
    expect(cron).toEqual({
      body: {
        datasetId: draft.datasetId,
        name: 'nightly',
        cron: '0 3 * * *',
        timezone: 'Europe/Paris',
        run: { horizon: 12, models: [{ kind: 'naive', params: {} }, { kind: 'theta', params: {} }], backtest: { windows: 2 } },
        driftThreshold: 0.2,
      },
    });
    const interval = scheduleBody({ ...draft, trigger: 'interval' });
    expect('body' in interval && interval.body).toMatchObject({ everySeconds: 21_600 });
    expect('body' in interval && interval.body.cron).toBeUndefined();
    for (const result of [cron, interval]) expect(createScheduleSchema.safeParse('body' in result && result.body).success).toBe(true);
  });

  it('says what to fix', () => {
    expect(scheduleBody({ ...draft, models: [] })).toEqual({ error: 'Choose at least one model.' });
    expect(scheduleBody({ ...draft, horizon: '2.5' })).toMatchObject({ error: expect.stringMatching(/horizon/) });
    expect(scheduleBody({ ...draft, cron: ' ' })).toMatchObject({ error: expect.stringMatching(/cron pattern/) });
    expect(scheduleBody({ ...draft, trigger: 'interval', every: '0' })).toMatchObject({ error: expect.stringMatching(/interval/) });
  });
});

describe('scheduleBody: ensembles', () => {
  it('adds the ensemble the API accepts, and refuses one larger than the models chosen', () => {
    const built = scheduleBody({ ...draft, ensemble: { method: 'median', top: '2' } });
    expect('body' in built && built.body.run.ensembles).toEqual([{ method: 'median', top: 2 }]);
    expect(createScheduleSchema.safeParse('body' in built && built.body).success).toBe(true);
    expect(scheduleBody({ ...draft, ensemble: { method: 'none', top: '9' } })).toMatchObject({ body: { run: { backtest: { windows: 2 } } } });
    expect(scheduleBody({ ...draft, ensemble: { method: 'mean', top: '3' } })).toEqual({ error: 'The ensemble combines 2 to 2 of the chosen models.' });
  });
});

describe('describeTrigger', () => {
  it('names intervals in the largest whole unit and cron with its zone', () => {
    expect(describeTrigger({ cron: null, timezone: null, everySeconds: 21_600 })).toBe('every 6 hours');
    expect(describeTrigger({ cron: null, timezone: null, everySeconds: 86_400 })).toBe('every day');
    expect(describeTrigger({ cron: null, timezone: null, everySeconds: 90 })).toBe('every 90 seconds');
    expect(describeTrigger({ cron: '0 3 * * 1', timezone: null, everySeconds: null })).toBe('cron 0 3 * * 1 (UTC)');
  });
});
