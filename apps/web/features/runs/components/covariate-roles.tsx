'use client';

import type { ModelKind } from '@foretell/contracts';
import { ignoringCovariatesNote, ROLE_LABELS, SERIES_ROLES, type SeriesRole } from '../api/covariate-roles';
import { LabelledSelect } from '../../ui/components/labelled-input';

/**
 * A role per column of a wide dataset: forecast it, read it beside the targets (known up to their end, or also over
 * the horizon), or leave it out. The chosen models that cannot read covariates are named: they forecast the targets alone.
 */
export function CovariateRoles({
  columns,
  chosen,
  roles,
  onChange,
  idPrefix,
}: {
  /** Prefix of the controls' ids, unique on the page. */
  idPrefix: string;
  columns: readonly string[];
  chosen: readonly ModelKind[];
  roles: Readonly<Record<string, SeriesRole>>;
  onChange: (column: string, role: SeriesRole) => void;
}) {
  return (
    <fieldset className="fieldset">
      <legend>Series and covariates</legend>
      <p className="hint">
        Forecast some columns and let the chosen models read others beside them. Future covariates need values over the
        horizon after the targets end (rows where the targets are empty). {ignoringCovariatesNote(chosen)}
      </p>
      <div className="model-grid">
        {columns.map((column) => (
          <LabelledSelect
            key={column}
            id={`${idPrefix}-role-${column}`}
            label={column}
            value={roles[column] ?? 'target'}
            onChange={(role) => onChange(column, role)}
            options={SERIES_ROLES.map((role) => [role, ROLE_LABELS[role]] as const)}
          />
        ))}
      </div>
    </fieldset>
  );
}
