'use client';

import { frequencyLabel, PREVIEW_MAX_BYTES, type CsvPreview } from '@foretell/contracts';
import { formatDataTime, formatInteger } from '../../../lib/format';
import type { Resource } from '../../../lib/use-resource';
import { ErrorState, Loading } from '../../ui/components/states';
import { DATE_ORDER_LABELS, dateOrderLabel, EMPTY_DRAFT, timestampFormLabel, type MappingDraft } from '../api/upload-preview';
import { AggregatedRows, AggregationEditor } from './aggregation-editor';
import { CsvProblemsTable } from './csv-problems-table';
import { StatList } from '../../ui/components/stat-list';
import { LabelledInput, LabelledSelect } from '../../ui/components/labelled-input';
import { DataTable, type Column } from '../../ui/components/data-table';

/** Value columns shown in the rows table; a wide file with 300 series shows its first ones. */
const VALUE_COLUMNS_SHOWN = 6;

interface UploadPreviewProps {
  preview: Resource<CsvPreview>;
  /** The preview covers the whole file (false: its first 256 KB). */
  complete: boolean;
  draft: MappingDraft;
  onDraft: (draft: MappingDraft) => void;
}

export function UploadPreview({ preview, complete, draft, onDraft }: UploadPreviewProps) {
  const p = preview.data;
  return (
    <section className="preview" aria-labelledby="preview-title" data-preview aria-busy={preview.loading}>
      <h3 id="preview-title">
        Preview {!complete && <span className="muted small">(first {PREVIEW_MAX_BYTES / 1024} KB of the file)</span>}
      </h3>
      {preview.error && <ErrorState error={preview.error} onRetry={preview.reload} />}
      {!p && !preview.error && <Loading>Reading the first lines…</Loading>}
      {p && (
        <>
          <Detected preview={p} complete={complete} />
          <MappingEditor preview={p} draft={draft} onDraft={onDraft} />
          <AggregationEditor draft={draft} onDraft={onDraft} />
          <CsvProblemsTable
            problems={p.problems}
            name="preview-problems"
            where={complete ? 'in the file: the upload will be refused until they are fixed' : 'in the first part of the file'}
          />
          {p.warnings.length > 0 && (
            <ul className="warning-list small" aria-label="Warnings">
              {p.warnings.slice(0, 5).map((w, i) => (
                <li key={i}>{w.message}</li>
              ))}
              {p.warnings.length > 5 && <li>… and {p.warnings.length - 5} more</li>}
            </ul>
          )}
          <AggregatedRows preview={p} />
          <PreviewRows preview={p} />
        </>
      )}
    </section>
  );
}

function Detected({ preview: p, complete }: { preview: CsvPreview; complete: boolean }) {
  const c = p.columns;
  const part = complete ? '' : ` in the first ${PREVIEW_MAX_BYTES / 1024} KB`;
  const items: [string, string][] = [
    ['Layout', c ? (c.layout === 'long' ? 'Long' : 'Wide') : '—'],
    ['Timestamp column', c?.timestamp ?? '—'],
    ['Series id column', c ? (c.seriesId ?? (c.layout === 'long' ? 'none (one series)' : 'none (one per column)')) : '—'],
    [c?.layout === 'wide' ? 'Series columns' : 'Value column', c ? summarise(c.values) : '—'],
    ['Timestamp format', timestampFormLabel(p.timestampFormat)],
    ...(p.dateOrder ? [['Date order', dateOrderLabel(p.dateOrder) as string] as [string, string]] : []),
    ['Frequency', p.frequency ? frequencyLabel(p.frequency) : '—'],
    [`Series${part}`, formatInteger(p.seriesCount)],
    [`Rows${part}`, formatInteger(p.rowCount)],
  ];
  return (
    <>
      <StatList items={items} inline data-detected />
      <p className="hint" data-rows-points>
        {rowsVersusPoints(c)}
        {!complete && ' The upload reads the whole file; series and rows beyond its first part are counted then.'}
      </p>
    </>
  );
}

/** Rows are lines of the file; points are values of a series at a time, what the models fit and the profile counts. */
function rowsVersusPoints(c: CsvPreview['columns']): string {
  if (c?.layout === 'wide') {
    return `A row is a line of the file; here each holds one point per series column (${c.values.length}), so the dataset will have up to ${c.values.length} × rows points.`;
  }
  return 'A row is a line of the file; in a long file each row is one point of one series, unless rows at the same time are merged.';
}

function summarise(names: string[]): string {
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/** Corrections to the detection: each select starts at "detected", and the upload sends only what was changed. */
function MappingEditor({ preview: p, draft, onDraft }: { preview: CsvPreview; draft: MappingDraft; onDraft: (d: MappingDraft) => void }) {
  const layout = draft.layout || p.columns?.layout || 'long';
  const set = (patch: Partial<MappingDraft>) => onDraft({ ...draft, ...patch });
  const detected = (name: string | null | undefined) => (name ? `Detected: ${name}` : 'Detect');
  const chosen = draft.columns ?? (p.columns?.layout === 'wide' ? p.columns.values : []);
  return (
    // A form's column: its rows of fields and the reset button 14 px apart, as in the other forms.
    <fieldset className="fieldset form">
      <legend>Correct the columns</legend>
      {p.sheets && p.sheets.length > 1 && (
        <div className="form-row">
          <LabelledSelect
            id="map-sheet"
            label="Sheet"
            value={draft.sheet ?? ''}
            // Another sheet has other columns: the column choices start again from what is detected there.
            onChange={(sheet) => onDraft({ ...EMPTY_DRAFT, sheet })}
            options={[['', `First: ${p.sheets[0]}`], ...p.sheets.slice(1).map((name): [string, string] => [name, name])]}
          />
        </div>
      )}
      <div className="form-row">
        <LabelledSelect
          id="map-layout"
          label="Layout"
          value={draft.layout}
          onChange={(layout) => set({ layout })}
          options={[['', detected(p.columns && (p.columns.layout === 'long' ? 'long' : 'wide'))], ['long', 'Long (id, timestamp, value)'], ['wide', 'Wide (one column per series)']]}
        />
        <ColumnSelect id="map-timestamp" label="Timestamp column" header={p.header} value={draft.timestamp} detected={detected(p.columns?.timestamp)} onChange={(v) => set({ timestamp: v })} />
        {layout === 'long' && (
          <>
            <ColumnSelect
              id="map-series"
              label="Series id column"
              header={p.header}
              value={draft.oneSeries ? NO_SERIES_ID : draft.seriesId}
              detected={detected(p.columns?.seriesId)}
              // A transaction log: its text columns describe each row, none names a series.
              extra={{ value: NO_SERIES_ID, label: 'No series id (one series)' }}
              onChange={(v) => set(v === NO_SERIES_ID ? { seriesId: '', oneSeries: true } : { seriesId: v, oneSeries: false })}
            />
            <ColumnSelect id="map-value" label="Value column" header={p.header} value={draft.value} detected={detected(p.columns?.values[0])} onChange={(v) => set({ value: v })} />
          </>
        )}
      </div>
      {layout === 'wide' && (
        <fieldset className="fieldset column-choice">
          <legend>Series columns</legend>
          <div className="column-grid">
            {p.header.map((name) => (
              <label key={name} className="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(name)}
                  onChange={(e) => set({ columns: e.target.checked ? [...chosen, name] : chosen.filter((c) => c !== name) })}
                />
                {name}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <TimestampSettings preview={p} draft={draft} set={set} />
      {(draft.layout || draft.timestamp || draft.seriesId || draft.oneSeries || draft.value || draft.columns || draft.dateOrder || draft.timestampFormat || draft.timezone) && (
        <div className="form-actions">
          <button
            type="button"
            className="btn btn-small"
            onClick={() => onDraft({ ...draft, layout: '', timestamp: '', seriesId: '', oneSeries: false, value: '', columns: null, dateOrder: '', timestampFormat: '', timezone: '' })}
          >
            Back to detected columns
          </button>
        </div>
      )}
    </fieldset>
  );
}

/** IANA zones this browser knows, for local times; empty where it cannot list them. */
const TIME_ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/**
 * How the timestamps are read: the order of day-month dates (shown when the file has them: confirm the detected one or
 * choose when nothing decides), a Luxon pattern for other forms, and the zone of local times.
 */
function TimestampSettings({ preview: p, draft, set }: { preview: CsvPreview; draft: MappingDraft; set: (patch: Partial<MappingDraft>) => void }) {
  const detectedOrder = p.dateOrder?.source === 'detected' && p.dateOrder.order ? `Detected: ${DATE_ORDER_LABELS[p.dateOrder.order]}` : 'Choose the order';
  return (
    <div className="form-row">
      {(p.dateOrder || draft.dateOrder) && !draft.timestampFormat && (
        <LabelledSelect
          id="map-date-order"
          label="Date order"
          value={draft.dateOrder ?? ''}
          onChange={(dateOrder) => set({ dateOrder })}
          options={[['', detectedOrder], ['dmy', DATE_ORDER_LABELS.dmy], ['mdy', DATE_ORDER_LABELS.mdy]]}
        />
      )}
      <LabelledInput
        id="map-timestamp-format"
        label="Timestamp pattern (optional)"
        type="text"
        placeholder="e.g. dd.MM.yyyy HH:mm"
        key={draft.timestampFormat ?? ''}
        defaultValue={draft.timestampFormat ?? ''}
        // Sent when the user leaves the field: a half-typed pattern would only draw errors.
        onBlur={(e) => e.target.value.trim() !== (draft.timestampFormat ?? '') && set({ timestampFormat: e.target.value.trim() })}
      />
      <LabelledSelect
        id="map-timezone"
        label="Local times are in"
        value={draft.timezone ?? ''}
        onChange={(timezone) => set({ timezone })}
        options={[['', 'UTC (or the offset written)'], ...TIME_ZONES.map((zone) => [zone, zone] as const)]}
      />
    </div>
  );
}

interface ColumnSelectProps {
  id: string;
  label: string;
  header: string[];
  value: string;
  detected: string;
  /** A choice besides the columns (e.g. none). */
  extra?: { value: string; label: string };
  onChange: (value: string) => void;
}

/** The series id select's value for "no column holds series ids" (cannot clash with a column: NUL is refused). */
const NO_SERIES_ID = '\u0000none';

function ColumnSelect({ id, label, header, value, detected, extra, onChange }: ColumnSelectProps) {
  return (
    <LabelledSelect
      id={id}
      label={label}
      value={value}
      onChange={onChange}
      options={[['', detected], ...(extra ? [[extra.value, extra.label] as const] : []), ...header.map((name) => [name, name] as const)]}
    />
  );
}

type PreviewRow = CsvPreview['rows'][number];

const ROW_NUMBER: Column<PreviewRow> = { key: 'row', header: 'Row', numeric: true, cell: (r) => r.line };

/** The first rows as the reader parsed them, with each timestamp as written beside its reading (UTC wall clock). */
function PreviewRows({ preview: p }: { preview: CsvPreview }) {
  if (!p.rows.length) return null;
  const c = p.columns;
  if (!c) {
    const asWritten = p.header.map((h, i): Column<PreviewRow> => ({ key: `cell-${i}`, header: h, cell: (r) => r.cells[i] }));
    return <PreviewTable caption="First rows as written" columns={[ROW_NUMBER, ...asWritten]} rows={p.rows} />;
  }
  const timestampIndex = p.header.indexOf(c.timestamp);
  const shown = c.values.slice(0, VALUE_COLUMNS_SHOWN);
  const columns: Column<PreviewRow>[] = [
    ROW_NUMBER,
    {
      key: 'timestamp',
      header: 'Timestamp',
      cell: (r) => (
        <>
          {r.timestamp ? (
            formatDataTime(r.timestamp)
          ) : p.dateOrder?.order === null ? (
            <span className="muted">choose the date order</span>
          ) : (
            <span className="error-text">not a timestamp</span>
          )}
          <span className="muted small"> · {r.cells[timestampIndex]}</span>
        </>
      ),
    },
    ...(c.layout === 'long' ? [{ key: 'series', header: 'Series', cell: (r: PreviewRow) => r.seriesId ?? '—' }] : []),
    ...shown.map(
      (name, i): Column<PreviewRow> => ({
        key: `value-${i}`,
        header: name,
        numeric: true,
        cell: (r) => <PreviewValue value={r.values[i]} cell={r.cells[p.header.indexOf(name)] ?? ''} />,
      }),
    ),
  ];
  const more = c.values.length > shown.length ? ` (first ${shown.length} of ${c.values.length} series columns)` : '';
  return <PreviewTable caption={`First ${p.rows.length} rows as they will be read${more}`} columns={columns} rows={p.rows} />;
}

function PreviewTable({ caption, columns, rows }: { caption: string; columns: Column<PreviewRow>[]; rows: PreviewRow[] }) {
  return <DataTable name="preview-rows" caption={caption} showCaption columns={columns} rows={rows} rowKey={(r) => String(r.line)} />;
}

const MISSING = /^(|na|n\/a|#n\/a|nan|null|none)$/i;

function PreviewValue({ value, cell }: { value: number | null | undefined; cell: string }) {
  if (value !== null && value !== undefined) return <>{value.toLocaleString()}</>;
  if (MISSING.test(cell.trim())) return <span className="muted">missing</span>;
  return <span className="error-text">not a number: {cell}</span>;
}
