import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKTEST_WINDOWS, MODEL_KINDS, presetRun, runConfigSchema } from '@foretell/contracts';
import { backtestLengthNote, backtestNeeds, draftFromRunConfig, initialRunDraft, runConfigFromDraft } from './run-draft';

const columns = ['sales', 'visits', 'price', 'noise'];
const presetModels = (name: 'baselines' | 'deep' | 'recommended') => presetRun(name).models;

describe('runConfigFromDraft', () => {
  it('starts both forms from the same backtest: three windows', () => {
    expect(initialRunDraft().windows).toBe(String(DEFAULT_BACKTEST_WINDOWS));
    expect(DEFAULT_BACKTEST_WINDOWS).toBe(3);
    const built = runConfigFromDraft(initialRunDraft(), 12, []);
    expect(built).toMatchObject({ ok: true, config: { horizon: 12, backtest: { windows: 3 }, levels: [80, 95] } });
  });

  it('lists every problem once, in words, before anything is sent', () => {
    const built = runConfigFromDraft({ ...initialRunDraft([]), levels: '80, x', params: {} }, 12, []);
    expect(built).toEqual({ ok: false, problems: expect.arrayContaining(['Choose at least one model.', 'Interval levels: "x" is not a whole percent.']) });
    expect(!built.ok && new Set(built.problems).size).toBe(!built.ok && built.problems.length);
    const repeated = runConfigFromDraft({ ...initialRunDraft(), levels: '80, 80' }, 12, []);
    expect(repeated).toEqual({ ok: false, problems: [expect.stringMatching(/80 is given more than once; give each level once$/)] });
    // The schema's judgement in the form's words: its labels, not paths; plain limits, not zod's "Too small: expected…".
    const problems = (patch: Partial<ReturnType<typeof initialRunDraft>>) => {
      const built = runConfigFromDraft({ ...initialRunDraft(['naive', 'drift']), ...patch }, 12, []);
      return built.ok ? [] : built.problems;
    };
    expect(problems({ windows: '0' })).toEqual(['Backtest windows: must be at least 1']);
    expect(problems({ windows: '60' })).toEqual(['Backtest windows: must be at most 50']);
    expect(problems({ windows: '1.5' })).toEqual(['Backtest windows: must be a whole number']);
    expect(problems({ horizon: 'soon' })).toEqual(['Horizon: must be a number']);
    expect(problems({ step: '0' })).toEqual(['Window step: must be at least 1']);
    expect(problems({ levels: '40' })).toEqual(['Interval levels: must be at least 50']);
    expect(problems({ levels: '80, 80' })).toEqual(['Interval levels: 80 is given more than once; give each level once']);
    expect(problems({ ensemble: { on: true, method: 'mean', top: '1' } })).toEqual(['Of the best k: must be at least 2']);
    const typo = runConfigFromDraft({ ...initialRunDraft(['nlinear']), params: { nlinear: { epochs: 'ten' } } }, 12, []);
    expect(typo).toEqual({ ok: false, problems: ['NLinear epochs: "ten" is not a number'] });
  });
});

describe('backtestNeeds', () => {
  it("says the length the API asks for: horizon 200 with 3 windows needs 602 points (600 held out, 2 to train on)", () => {
    // The form said 800 (a horizon to train on) where the API refused below 602 (found by the fresh-eyes analyst).
    expect(backtestNeeds({ ...initialRunDraft(), horizon: '200', windows: '3' }, 12)).toEqual({ heldOut: 600, train: 2, needed: 602 });
    expect(backtestNeeds({ ...initialRunDraft(), horizon: null, windows: '2', step: '5' }, 12)).toEqual({ heldOut: 17, train: 2, needed: 19 });
    expect(backtestNeeds({ ...initialRunDraft(), horizon: 'x' }, 12)).toBeNull();
  });

  it('says the API will refuse when even the longest series is too short, and which are scored when only some are', () => {
    const needs = backtestNeeds({ ...initialRunDraft(), horizon: '200', windows: '3' }, 12);
    expect(backtestLengthNote(needs, { minLength: 144, maxLength: 144 })).toBe(
      'Every series is too short for this backtest: the longest has 144 points, and it needs at least 602 (600 held out, 2 to train on). Lower the horizon or the number of windows.',
    );
    expect(backtestLengthNote(needs, { minLength: 144, maxLength: 700 })).toMatch(/^The shortest series has 144 points; this backtest needs at least 602 .*forecast without a backtest/);
    expect(backtestLengthNote(needs, { minLength: 602, maxLength: 700 })).toBeNull();
  });
});

describe('draftFromRunConfig', () => {
  it('gives back the configuration it was made from: editing a schedule changes nothing until a field does', () => {
    const config = fc.record({
      horizon: fc.integer({ min: 1, max: 200 }),
      // In the form's order (the order of MODEL_KINDS), as the form lists and sends them.
      kinds: fc.subarray([...MODEL_KINDS], { minLength: 2, maxLength: 5 }),
      epochs: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
      ensemble: fc.option(fc.record({ method: fc.constantFrom('mean' as const, 'median' as const), top: fc.constant(2) }), { nil: undefined }),
      windows: fc.integer({ min: 1, max: 50 }),
      step: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
      season: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
      levels: fc.uniqueArray(fc.integer({ min: 50, max: 99 }), { minLength: 1, maxLength: 4 }).map((l) => l.sort((a, b) => a - b)),
      covariates: fc.boolean(),
      holidays: fc.constantFrom(undefined, 'DE', 'US-CA'),
    });
    fc.assert(
      fc.property(config, (c) => {
        const stored = runConfigSchema.parse({
          horizon: c.horizon,
          models: c.kinds.map((kind) => ({ kind, params: kind === 'nlinear' && c.epochs ? { epochs: c.epochs } : {} })),
          ensembles: c.ensemble ? [c.ensemble] : [],
          backtest: { windows: c.windows, ...(c.step && { step: c.step }) },
          ...(c.season && { season: c.season }),
          levels: c.levels,
          ...(c.covariates && { covariates: { target: ['sales'], past: ['visits'], future: ['price'] } }),
          ...(c.holidays && { calendar: { features: ['weekday'], holidays: c.holidays } }),
        });
        const again = runConfigFromDraft(draftFromRunConfig(stored, presetModels, columns), 1, columns);
        expect(again.ok).toBe(true);
        expect(runConfigSchema.parse(again.ok && again.config)).toEqual(stored);
      }),
      { numRuns: 60 },
    );
  });

  it('turns a preset into the models it names, and marks columns a covariate run left out as not used', () => {
    const draft = draftFromRunConfig(
      runConfigSchema.parse({ horizon: 6, preset: 'baselines', covariates: { target: ['sales'], past: ['visits'] } }),
      presetModels,
      columns,
    );
    expect([...draft.kinds]).toEqual(['naive', 'seasonal_naive', 'drift', 'naive2']);
    expect(draft.roles).toEqual({ sales: 'target', visits: 'past', price: 'unused', noise: 'unused' });
  });
});
