import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRunSchema, runConfigSchema } from './runs.schema';
import { createScheduleSchema } from './schedules.schema';

const run = { datasetId: '00000000-0000-4000-8000-000000000000', horizon: 2, models: [{ kind: 'naive' }] };
const level = fc.integer({ min: 50, max: 99 });

describe('interval levels', () => {
  it('refuses a repeated level, naming levels (the export would carry lo_80,hi_80 twice)', () => {
    const result = createRunSchema.safeParse({ ...run, levels: [80, 80] });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['levels'], message: expect.stringMatching(/80.*more than once/) })]);
  });

  it('refuses any list with a repeat, in a run, a schedule and a run config alike, and accepts distinct levels', () => {
    fc.assert(
      fc.property(fc.array(level, { minLength: 1, maxLength: 4 }), (levels) => {
        const distinct = new Set(levels).size === levels.length;
        expect(createRunSchema.safeParse({ ...run, levels }).success).toBe(distinct);
        expect(runConfigSchema.safeParse({ horizon: 2, models: run.models, levels }).success).toBe(distinct);
        const schedule = createScheduleSchema.safeParse({ datasetId: run.datasetId, cron: '0 3 * * 1', run: { horizon: 2, models: run.models, levels } });
        expect(schedule.success).toBe(distinct);
        if (!distinct) expect(schedule.error?.issues.map((i) => i.path.join('.'))).toEqual(['run.levels']);
      }),
      { numRuns: 200 },
    );
  });
});

describe('models of a run', () => {
  it('refuses a kind given twice, in a run, a schedule and a run config alike, whatever the params', () => {
    const kinds = fc.constantFrom('naive', 'theta', 'transformer', 'gru');
    fc.assert(
      fc.property(fc.array(kinds, { minLength: 1, maxLength: 4 }), (chosen) => {
        const models = chosen.map((kind, i) => ({ kind, params: kind === 'transformer' || kind === 'gru' ? { highway: i % 2 === 0 } : {} }));
        const distinct = new Set(chosen).size === chosen.length;
        const result = createRunSchema.safeParse({ ...run, models });
        expect(result.success).toBe(distinct);
        if (!distinct) expect(result.error?.issues[0]).toMatchObject({ path: ['models', chosen.findIndex((k, i) => chosen.indexOf(k) < i), 'kind'] });
        expect(runConfigSchema.safeParse({ horizon: 2, models }).success).toBe(distinct);
        expect(createScheduleSchema.safeParse({ datasetId: run.datasetId, cron: '0 3 * * 1', run: { horizon: 2, models } }).success).toBe(distinct);
      }),
      { numRuns: 200 },
    );
  });
});
