'use client';

import type { CsvPreview } from '@foretell/contracts';
import { formatDataTime, formatInteger } from '../../../lib/format';
import { RESAMPLE_UNITS, type MappingDraft } from '../api/upload-preview';
import { DataTable, type Column } from '../../ui/components/data-table';
import { LabelledSelect } from '../../ui/components/labelled-input';

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
        <LabelledSelect
          id="map-duplicates"
          label="Rows at the same timestamp"
          value={draft.duplicates ?? ''}
          disabled={!!draft.resample}
          onChange={(duplicates) => set({ duplicates })}
          options={[['', 'Refuse the file'], ['sum', 'Add them up'], ['mean', 'Average them'], ['first', 'Keep the first'], ['last', 'Keep the last']]}
        />
        <LabelledSelect
          id="map-resample"
          label="Resample to"
          value={draft.resample ?? ''}
          onChange={(resample) => set({ resample })}
          options={[['', 'Keep the file’s frequency'], ...RESAMPLE_UNITS.map((unit) => [unit, UNIT_LABELS[unit]] as const)]}
        />
        {draft.resample && (
          <LabelledSelect
            id="map-aggregate"
            label="Each period’s value"
            value={draft.aggregate ?? 'sum'}
            onChange={(aggregate) => set({ aggregate })}
            options={[['sum', 'Sum of its rows'], ['mean', 'Mean of its rows']]}
          />
        )}
      </div>
    </fieldset>
  );
}

/** The first points as they will be stored after merging or resampling, and how many rows were folded. */
type AggregatedRow = NonNullable<CsvPreview['aggregation']>['rows'][number];

export function AggregatedRows({ preview: p }: { preview: CsvPreview }) {
  const a = p.aggregation;
  if (!a || !p.columns) return null;
  const wide = p.columns.layout === 'wide';
  const names = wide ? p.columns.values.slice(0, 6) : [p.columns.values[0]];
  const columns: Column<AggregatedRow>[] = [
    { key: 'timestamp', header: 'Timestamp', cell: (r) => formatDataTime(r.timestamp) },
    ...(wide ? [] : [{ key: 'series', header: 'Series', cell: (r: AggregatedRow) => r.seriesId ?? '—' }]),
    ...names.map(
      (name, j): Column<AggregatedRow> => ({
        key: `value-${j}`,
        header: name,
        numeric: true,
        cell: (r) => (r.values[j] === null || r.values[j] === undefined ? <span className="muted">missing</span> : r.values[j].toLocaleString()),
      }),
    ),
  ];
  return (
    <DataTable
      name="aggregated-rows"
      caption={`First points as they will be stored: ${formatInteger(a.merged)} rows merged into others`}
      showCaption
      columns={columns}
      rows={a.rows}
      rowKey={(r) => `${r.seriesId ?? ''}\u0000${r.timestamp}`}
    />
  );
}
