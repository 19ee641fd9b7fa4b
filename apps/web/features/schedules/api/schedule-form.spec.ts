import { describe, expect, it } from 'vitest';
import { createScheduleSchema, updateScheduleSchema, type RunConfigInput, type Schedule } from '@foretell/contracts';
import { describeTrigger, draftFromSchedule, initialScheduleDraft, scheduleBody, scheduleUpdate, type ScheduleDraft } from './schedule-form';

const draft: ScheduleDraft = {
  datasetId: '7f0c3f1e-1b8a-4c1e-9a55-2a1f1c7e0b11',
  name: ' nightly ',
  trigger: 'cron',
  cron: '0 3 * * *',
  timezone: 'Europe/Paris',
  every: '6',
  unit: 'hours',
  driftPercent: '20',
  liveDriftPercent: '35',
  liveDriftMinPoints: '12',
  retrainOnDrift: false,
  webhookUrl: '',
};

const driftOfDraft = { driftThreshold: 0.2, liveDriftMargin: 0.35, liveDriftMinPoints: 12, retrainOnDrift: false };

// What the shared run fields give: a schedule runs everything a run can (settings, levels, covariates, calendar).
const run: RunConfigInput = {
  horizon: 12,
  models: [{ kind: 'naive', params: {} }, { kind: 'nlinear', params: { epochs: 40 } }],
  ensembles: [{ method: 'median', top: 2 }],
  backtest: { windows: 3, step: 6 },
  season: 12,
  levels: [90],
  covariates: { target: ['sales'], past: ['visits'], future: [] },
  calendar: { features: ['month'] },
};

describe('scheduleBody', () => {
  it('builds a body the API schema accepts, with cron or an interval but not both, carrying the run fields whole', () => {
    const cron = scheduleBody(draft, run);
    expect(cron).toEqual({
      body: { datasetId: draft.datasetId, name: 'nightly', cron: '0 3 * * *', timezone: 'Europe/Paris', run, ...driftOfDraft },
    });
    const interval = scheduleBody({ ...draft, trigger: 'interval' }, run);
    expect('body' in interval && interval.body).toMatchObject({ everySeconds: 21_600 });
    expect('body' in interval && interval.body.cron).toBeUndefined();
    for (const result of [cron, interval]) {
      const parsed = createScheduleSchema.safeParse('body' in result && result.body);
      expect(parsed.success).toBe(true);
      expect(parsed.data?.run).toMatchObject(run);
    }
  });

  it('says what to fix', () => {
    expect(scheduleBody({ ...draft, datasetId: '' }, run)).toEqual({ error: 'Choose a dataset.' });
    expect(scheduleBody({ ...draft, driftPercent: '' }, run)).toMatchObject({ error: expect.stringMatching(/drift threshold/) });
    expect(scheduleBody({ ...draft, liveDriftPercent: '-1' }, run)).toMatchObject({ error: expect.stringMatching(/live drift margin/) });
    for (const liveDriftMinPoints of ['', '0', '2.5', 'six']) {
      expect(scheduleBody({ ...draft, liveDriftMinPoints }, run)).toMatchObject({ error: expect.stringMatching(/live drift minimum/) });
    }
    expect(scheduleBody({ ...draft, cron: ' ' }, run)).toMatchObject({ error: expect.stringMatching(/cron pattern/) });
    expect(scheduleBody({ ...draft, trigger: 'interval', every: '0' }, run)).toMatchObject({ error: expect.stringMatching(/interval/) });
  });
});

describe('scheduleUpdate and draftFromSchedule', () => {
  const stored: Schedule = {
    id: 's',
    datasetId: draft.datasetId,
    name: 'nightly',
    cron: null,
    timezone: null,
    everySeconds: 7_200,
    run: { horizon: 12, models: [{ kind: 'naive', params: {} }], ensembles: [], backtest: { windows: 3 }, levels: [80, 95] },
    paused: false,
    pausedReason: null,
    driftThreshold: 0.15,
    liveDriftMargin: 0.25,
    liveDriftMinPoints: 30,
    retrainOnDrift: false,
    webhookUrl: 'https://example.com/hook',
    webhookSecret: 'f00d',
    lastWebhook: null,
    nextRunAt: null,
    lastRunAt: null,
    createdAt: '2026-01-01T00:00:00Z',
  };

  it('reads a stored schedule back into the form as typed, the interval in its largest whole unit', () => {
    expect(draftFromSchedule(stored)).toEqual({
      datasetId: draft.datasetId,
      name: 'nightly',
      trigger: 'interval',
      cron: '0 3 * * *',
      timezone: 'UTC',
      every: '2',
      unit: 'hours',
      driftPercent: '15',
      liveDriftPercent: '25',
      liveDriftMinPoints: '30',
      retrainOnDrift: false,
      webhookUrl: 'https://example.com/hook',
    });
  });

  it('clears what the form no longer has: the other timing and an emptied webhook', () => {
    const toCron = scheduleUpdate({ ...draftFromSchedule(stored), trigger: 'cron', cron: '0 6 * * 1', timezone: 'UTC', webhookUrl: ' ' }, run);
    expect(toCron).toEqual({
      body: {
        name: 'nightly',
        cron: '0 6 * * 1',
        timezone: 'UTC',
        everySeconds: null,
        run,
        driftThreshold: 0.15,
        liveDriftMargin: 0.25,
        liveDriftMinPoints: 30,
        retrainOnDrift: false,
        webhookUrl: null,
      },
    });
    expect(updateScheduleSchema.safeParse('body' in toCron && toCron.body).success).toBe(true);
    const same = scheduleUpdate(draftFromSchedule(stored), run);
    expect('body' in same && same.body).toMatchObject({ cron: null, timezone: null, everySeconds: 7_200, webhookUrl: 'https://example.com/hook' });
  });
});

describe('initialScheduleDraft', () => {
  it('starts the live drift settings at the API defaults, so an untouched form creates what the API would', () => {
    const fresh = scheduleBody(initialScheduleDraft(draft.datasetId, 'UTC'), run);
    const defaults = createScheduleSchema.parse({ datasetId: draft.datasetId, cron: '0 3 * * *', run });
    expect('body' in fresh && fresh.body).toMatchObject({
      liveDriftMargin: defaults.liveDriftMargin,
      liveDriftMinPoints: defaults.liveDriftMinPoints,
      retrainOnDrift: defaults.retrainOnDrift,
    });
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
