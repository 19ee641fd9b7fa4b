import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODEL_PRESET_NAMES, PRESET_BUDGET_POINTS, presetRun } from './model-presets';
import { createRunSchema } from './runs.schema';

const datasetId = '00000000-0000-4000-8000-000000000000';

describe('presetRun', () => {
  const smooth = { smooth: 40, erratic: 2, intermittent: 0, lumpy: 0 };

  it('puts every deep model and the mean of the best five in recommended on small data', () => {
    const run = presetRun('recommended', { points: 10_000, demandClasses: smooth });
    expect(run.models.map((m) => m.kind)).toEqual([
      'seasonal_naive', 'theta', 'damped', 'auto_ets', 'nlinear', 'dlinear', 'lstm', 'gru', 'transformer', 'rnn_attention',
    ]);
    expect(run.ensembles).toEqual([{ method: 'mean', top: 5 }]);
  });

  it('adds auto_intermittent only where some series are intermittent or lumpy (elsewhere it is theta), or unknown', () => {
    const has = (data: Parameters<typeof presetRun>[1]) => presetRun('recommended', data).models.some((m) => m.kind === 'auto_intermittent');
    expect(has({ demandClasses: smooth })).toBe(false);
    expect(has({ demandClasses: { ...smooth, lumpy: 1 } })).toBe(true);
    expect(has({ demandClasses: { ...smooth, intermittent: 3 } })).toBe(true);
    expect(has({})).toBe(true);
    expect(presetRun('baselines', { demandClasses: smooth }).models.map((m) => m.kind)).toEqual(['naive', 'seasonal_naive', 'drift', 'naive2']);
  });

  it('leaves out the slower deep models as the data grows past its time budget', () => {
    const kinds = (points: number) => presetRun('recommended', { points, demandClasses: smooth }).models.map((m) => m.kind);
    expect(kinds(PRESET_BUDGET_POINTS.all + 1)).toEqual(['seasonal_naive', 'theta', 'damped', 'auto_ets', 'nlinear', 'dlinear', 'transformer']);
    expect(kinds(PRESET_BUDGET_POINTS.fast + 1)).toEqual(['seasonal_naive', 'theta', 'damped', 'auto_ets', 'nlinear', 'dlinear']);
    expect(presetRun('deep', { points: 1e9 }).models).toHaveLength(6); // only recommended has a budget
  });

  it('always gives a valid run: models that parse, and ensembles no larger than the models (any preset, any size)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MODEL_PRESET_NAMES), fc.option(fc.integer({ min: 0, max: 1e9 }), { nil: undefined }), fc.nat(3), (name, points, lumpy) => {
        const { models, ensembles } = presetRun(name, { points, demandClasses: { smooth: 1, lumpy } });
        expect(createRunSchema.safeParse({ datasetId, horizon: 3, models, ensembles }).success).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('createRunSchema: models, presets and ensembles', () => {
  const models = [{ kind: 'naive' }, { kind: 'drift' }, { kind: 'theta' }];
  const issues = (body: object) => {
    const parsed = createRunSchema.safeParse({ datasetId, horizon: 3, ...body });
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('takes ensembles of 2 up to as many models as the run has', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2, max: 8 }), fc.constantFrom('mean', 'median'), (top, method) => {
        const found = issues({ models, ensembles: [{ method, top }] });
        expect(found.length === 0).toBe(top >= 2 && top <= models.length);
        if (top > models.length) expect(found).toEqual([`ensembles.0.top: an ensemble of the top ${top} needs at least ${top} models; the run has 3`]);
      }),
      { numRuns: 60 },
    );
  });

  it('takes a preset instead of models and ensembles, and says what is wrong otherwise', () => {
    expect(issues({ preset: 'recommended' })).toEqual([]);
    expect(issues({})).toEqual(['models: give models (at least one) or a preset']);
    expect(issues({ preset: 'recommended', models })).toEqual(['models: give models or a preset, not both']);
    expect(issues({ preset: 'deep', ensembles: [{ method: 'mean', top: 2 }] })).toEqual(['ensembles: a preset brings its own ensembles']);
    expect(issues({ preset: 'best' })).toHaveLength(1);
  });
});
