'use client';

import type { ModelKind } from '@foretell/contracts';
import { ignoringCovariatesNote, ROLE_LABELS, SERIES_ROLES, type SeriesRole } from '../api/covariate-roles';

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
          <div className="field" key={column}>
            <label htmlFor={`${idPrefix}-role-${column}`}>{column}</label>
            <select id={`${idPrefix}-role-${column}`} value={roles[column] ?? 'target'} onChange={(e) => onChange(column, e.target.value as SeriesRole)}>
              {SERIES_ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
