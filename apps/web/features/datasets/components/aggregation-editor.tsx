'use client';

import type { CsvPreview } from '@foretell/contracts';
import { formatDataTime, formatInteger } from '../../../lib/format';
import { RESAMPLE_UNITS, type MappingDraft } from '../api/upload-preview';

const UNIT_LABELS: Record<(typeof RESAMPLE_UNITS)[number], string> = {
  hour: 'Hourly',
  day: 'Daily (days from 00:00 UTC)',
  week: 'Weekly (ISO weeks from Monday)',
  month: 'Monthly (from the 1st)',
  quarter: 'Quarterly',
  year: 'Yearly',
};

/** Rows at the same timestamp, and resampling to a coarser frequency: both go into the upload's mapping. */
export function AggregationEditor({ draft, onDraft }: { draft: MappingDraft; onDraft: (d: MappingDraft) => void }) {
  const set = (patch: Partial<MappingDraft>) => onDraft({ ...draft, ...patch });
  return (
    <fieldset className="fieldset">
      <legend>Repeated timestamps and aggregation</legend>
      <div className="form-row">
        <div className="field">
          <label htmlFor="map-duplicates">Rows at the same timestamp</label>
          <select
            id="map-duplicates"
            value={draft.duplicates ?? ''}
            disabled={!!draft.resample}
            onChange={(e) => set({ duplicates: e.target.value as MappingDraft['duplicates'] })}
          >
            <option value="">Refuse the file</option>
            <option value="sum">Add them up</option>
            <option value="mean">Average them</option>
            <option value="first">Keep the first</option>
            <option value="last">Keep the last</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="map-resample">Resample to</label>
          <select id="map-resample" value={draft.resample ?? ''} onChange={(e) => set({ resample: e.target.value as MappingDraft['resample'] })}>
            <option value="">Keep the file’s frequency</option>
            {RESAMPLE_UNITS.map((unit) => (
              <option key={unit} value={unit}>
                {UNIT_LABELS[unit]}
              </option>
            ))}
          </select>
        </div>
        {draft.resample && (
          <div className="field">
            <label htmlFor="map-aggregate">Each period’s value</label>
            <select id="map-aggregate" value={draft.aggregate ?? 'sum'} onChange={(e) => set({ aggregate: e.target.value as 'sum' | 'mean' })}>
              <option value="sum">Sum of its rows</option>
              <option value="mean">Mean of its rows</option>
            </select>
          </div>
        )}
      </div>
    </fieldset>
  );
}

/** The first points as they will be stored after merging or resampling, and how many rows were folded. */
export function AggregatedRows({ preview: p }: { preview: CsvPreview }) {
  const a = p.aggregation;
  if (!a || !p.columns) return null;
  const wide = p.columns.layout === 'wide';
  const names = wide ? p.columns.values.slice(0, 6) : [p.columns.values[0]];
  return (
    <div className="table-wrap">
      <table className="table" data-table="aggregated-rows">
        <caption>
          First points as they will be stored: {formatInteger(a.merged)} rows merged into others
        </caption>
        <thead>
          <tr>
            <th scope="col">Timestamp</th>
            {!wide && <th scope="col">Series</th>}
            {names.map((name) => (
              <th key={name} scope="col" className="num">{name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {a.rows.map((r, i) => (
            <tr key={i}>
              <td>{formatDataTime(r.timestamp)}</td>
              {!wide && <td>{r.seriesId ?? '—'}</td>}
              {names.map((name, j) => {
                const value = r.values[j];
                return (
                  <td key={name} className="num">
                    {value === null || value === undefined ? <span className="muted">missing</span> : value.toLocaleString()}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
