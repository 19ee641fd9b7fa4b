import { describe, expect, it } from 'vitest';
import { createRunSchema } from '@foretell/contracts';
import { parseLevels } from './levels';

describe('parseLevels', () => {
  it('reads percents separated by commas or spaces, sorted', () => {
    expect(parseLevels('95, 80%')).toEqual({ ok: true, levels: [80, 95] });
  });

  it('keeps a repeated level, for the run schema to refuse as the API does (not a silent [80])', () => {
    const parsed = parseLevels('80, 80');
    expect(parsed).toEqual({ ok: true, levels: [80, 80] });
    const body = { datasetId: crypto.randomUUID(), horizon: 1, models: [{ kind: 'naive' }], levels: parsed.ok ? parsed.levels : [] };
    const checked = createRunSchema.safeParse(body);
    expect(checked.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['levels', '80 is given more than once; give each level once']]);
  });

  it('names what is not a whole percent', () => {
    expect(parseLevels('80, 97.5')).toEqual({ ok: false, issue: 'Interval levels: "97.5" is not a whole percent.' });
    expect(parseLevels(' ').ok).toBe(false);
  });

  it('leaves the range to the run schema, which refuses 100', () => {
    const parsed = parseLevels('100');
    expect(parsed.ok).toBe(true);
    const body = { datasetId: crypto.randomUUID(), horizon: 1, models: [{ kind: 'naive' }], levels: parsed.ok ? parsed.levels : [] };
    expect(createRunSchema.safeParse(body).success).toBe(false);
    expect(createRunSchema.safeParse({ ...body, levels: [80, 95] }).success).toBe(true);
  });
});
