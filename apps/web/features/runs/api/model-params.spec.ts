import { describe, expect, it } from 'vitest';
import { MODEL_KINDS, MODEL_PARAMS } from '@foretell/contracts';
import { buildParams, paramFields, paramLabel, splitFields, unlabelledParams } from './model-params';

describe('paramFields', () => {
  it('gives a form for every model kind in contracts', () => {
    for (const kind of MODEL_KINDS) {
      const fields = paramFields(kind);
      // Submitting the form untouched sends {} and the model's schema accepts it (its defaults apply).
      expect(buildParams(kind, fields, {})).toEqual({ ok: true, params: {} });
      expect(MODEL_PARAMS[kind].safeParse({}).success).toBe(true);
    }
  });
});

describe('buildParams', () => {
  const kind = MODEL_KINDS[0];

  it('refuses text in a number field before the schema sees it', () => {
    const fields = [{ name: 'epochs', input: 'integer' as const }];
    expect(buildParams(kind, fields, { epochs: 'ten' })).toEqual({ ok: false, issues: ['epochs: "ten" is not a number'] });
  });

  it('checks the values against the kind’s schema', () => {
    // The schemas are strict, so a parameter the kind does not have is refused with its name.
    const fields = [{ name: 'nonsense', input: 'number' as const }];
    const built = buildParams(kind, fields, { nonsense: '3' });
    expect(built.ok).toBe(false);
    expect(JSON.stringify(built)).toContain('nonsense');
  });

  it('reads JSON fields and reports broken JSON by name', () => {
    const fields = [{ name: 'lags', input: 'json' as const }];
    expect(buildParams(kind, fields, { lags: '[1, 2' })).toEqual({ ok: false, issues: ['lags: not valid JSON'] });
  });
});

describe('splitFields', () => {
  it('puts the knobs that matter up front for every kind that has settings', () => {
    for (const kind of MODEL_KINDS) {
      const fields = paramFields(kind);
      const { key, more } = splitFields(fields);
      expect(key.length + more.length).toBe(fields.length);
      if (fields.length) expect(key.length, kind).toBeGreaterThan(0);
    }
    const lstm = splitFields(paramFields('lstm')).key.map((f) => f.name);
    expect(lstm).toEqual(expect.arrayContaining(['epochs', 'inputSize', 'units']));
    expect(splitFields(paramFields('theta')).key.map((f) => f.name)).toEqual(['theta', 'seasonality']);
    // The key fields keep their defaults from contracts, for the form's placeholders.
    expect(splitFields(paramFields('lstm')).key.find((f) => f.name === 'units')?.default).toBe(64);
  });
});

describe('paramLabel', () => {
  it('names every setting of every kind in words, with a one-line help (no dModel or additiveOnly on the form)', () => {
    for (const kind of MODEL_KINDS) {
      const fields = paramFields(kind);
      expect(unlabelledParams(fields), kind).toEqual([]);
      for (const field of fields) {
        expect(paramLabel(field.name), `${kind}.${field.name}`).toMatch(/^[A-Z]/);
        expect(paramLabel(field.name)).not.toBe(field.name);
      }
      const { key, more } = splitFields(fields);
      for (const field of [...key, ...more]) expect(field.description, `${kind}.${field.name}`).toBeTruthy();
    }
    expect(paramLabel('dModel')).toBe('Network width');
  });
});
