import { describe, expect, it } from 'vitest';
import { createRunSchema } from '@foretell/contracts';
import { covariatesFromRoles, ignoringCovariatesNote } from './covariate-roles';

const columns = ['HUFL', 'HULL', 'OT'];

describe('covariatesFromRoles', () => {
  it('sends nothing while every series is forecast', () => {
    expect(covariatesFromRoles(columns, {})).toBeUndefined();
  });
  it('names targets, past and future covariates, leaving out unused series', () => {
    expect(covariatesFromRoles(columns, { HUFL: 'past', HULL: 'unused' })).toEqual({ target: ['OT'], past: ['HUFL'], future: [] });
    expect(covariatesFromRoles(columns, { HUFL: 'future' })).toEqual({ target: ['HULL', 'OT'], past: [], future: ['HUFL'] });
  });
  it('lets the run schema refuse roles the API would refuse (no target; no covariate)', () => {
    const body = (covariates: unknown) => ({ datasetId: '00000000-0000-4000-8000-000000000000', horizon: 3, models: [{ kind: 'naive' }], covariates });
    expect(createRunSchema.safeParse(body(covariatesFromRoles(columns, { HUFL: 'past', HULL: 'past', OT: 'past' }))).success).toBe(false);
    expect(createRunSchema.safeParse(body(covariatesFromRoles(columns, { HULL: 'unused' }))).success).toBe(false);
    expect(createRunSchema.safeParse(body(covariatesFromRoles(columns, { HUFL: 'past' }))).success).toBe(true);
  });
});

describe('ignoringCovariatesNote', () => {
  it('names exactly the chosen models that ignore covariates (DLinear among the neural ones)', () => {
    expect(ignoringCovariatesNote(['lstm', 'dlinear', 'auto_arima'])).toBe('DLinear ignores covariates and will forecast the targets alone.');
    expect(ignoringCovariatesNote(['naive', 'lstm', 'theta', 'dlinear'])).toBe(
      'Naive, Theta and DLinear ignore covariates and will forecast the targets alone.',
    );
  });
  it('says nothing when every chosen model reads them', () => {
    expect(ignoringCovariatesNote(['nlinear', 'calendar_regression'])).toBeNull();
    expect(ignoringCovariatesNote([])).toBeNull();
  });
});
