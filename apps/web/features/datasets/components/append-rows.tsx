'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AppendSummary, DatasetUpload } from '@foretell/contracts';
import { formatBytes, formatDataTime, formatInteger, formatMoment } from '../../../lib/format';
import { errorMessage } from '../../../lib/http';
import { useInterval, useResource } from '../../../lib/use-resource';
import { DataTable, type Column } from '../../ui/components/data-table';
import { ErrorState, ListStates, Loading, ProgressBar } from '../../ui/components/states';
import { StatList } from '../../ui/components/stat-list';
import { StatusBadge } from '../../ui/components/status-badge';
import { appendRows, listUploads, type AppendResult } from '../api/datasets.api';
import { RefusedUpload } from './csv-problems-table';
import { LabelledInput } from '../../ui/components/labelled-input';

type Phase =
  | { kind: 'idle' }
  | { kind: 'sending'; fraction: number }
  | { kind: 'sent'; uploadId: string }
  | { kind: 'refused'; result: Extract<AppendResult, { ok: false }> };

/** New rows for a ready dataset (same columns, later timestamps), what they did, and every upload of the dataset. */
export function AppendRows({ datasetId, onAppended }: { datasetId: string; onAppended: () => void }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const uploads = useResource(`uploads:${datasetId}`, (signal) => listUploads(datasetId, signal));
  const sent = phase.kind === 'sent' ? uploads.data?.find((u) => u.id === phase.uploadId) : undefined;
  // A large append answers 202: follow its upload until the worker has merged it.
  const waiting = uploads.data?.some((u) => u.status === 'ingesting') ?? false;
  useInterval(uploads.reload, 1500, waiting);
  // Once merged, the dataset's profile and version changed: let the page reload them.
  const settled = sent && sent.status !== 'ingesting' ? sent.id : null;
  const onAppendedRef = useRef(onAppended);
  onAppendedRef.current = onAppended;
  useEffect(() => {
    if (settled) onAppendedRef.current();
  }, [settled]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const file = new FormData(formElement).get('file');
    if (!(file instanceof File) || !file.name) {
      setError('Choose a CSV file with the new rows.');
      return;
    }
    setError(null);
    setPhase({ kind: 'sending', fraction: 0 });
    try {
      const result = await appendRows(datasetId, file, { onProgress: (fraction) => setPhase({ kind: 'sending', fraction }) });
      if (result.ok) {
        setPhase({ kind: 'sent', uploadId: result.upload.id });
        formElement.reset();
      } else setPhase({ kind: 'refused', result });
    } catch (e) {
      setPhase({ kind: 'idle' });
      setError(errorMessage(e));
    }
    uploads.reload();
  }

  return (
    <section className="card" aria-labelledby="append-title">
      <h2 id="append-title">Append data</h2>
      <p className="muted">
        New rows with the same columns: rows after a series’ end extend it, unknown series are added; where a timestamp
        is already stored, the stored value is kept and the overlap is reported.
      </p>
      <form onSubmit={submit} className="form">
        <div className="form-row">
          <LabelledInput id="append-file" label="Rows to append" name="file" type="file" accept=".csv,.tsv,.txt,text/csv" />
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={phase.kind === 'sending'}>
            {phase.kind === 'sending' ? 'Appending…' : 'Append rows'}
          </button>
          {phase.kind === 'sending' && <ProgressBar value={phase.fraction} label="Append progress" />}
        </div>
      </form>
      <div aria-live="polite">
        {error && <ErrorState error={error} />}
        {phase.kind === 'refused' && (
          <div data-append="refused">
            <RefusedUpload message={phase.result.message} problems={phase.result.problems} />
          </div>
        )}
        {phase.kind === 'sent' && !sent && <Loading>Appending…</Loading>}
        {sent?.status === 'ingesting' && <Loading>Merging the rows… large files take a moment.</Loading>}
        {sent?.status === 'failed' && (
          <div data-append="failed">
            <RefusedUpload message={sent.error ?? 'The rows could not be appended.'} problems={sent.problems} />
          </div>
        )}
        {sent?.status === 'ready' && sent.summary && <AppendSummaryView summary={sent.summary} />}
      </div>
      <UploadHistory uploads={uploads} />
    </section>
  );
}

function AppendSummaryView({ summary: s }: { summary: AppendSummary }) {
  const items: [string, number][] = [
    // Values, not lines: a line of a wide file holds one value per series.
    ['Values added', s.rowsAdded],
    ['Series extended', s.seriesExtended],
    ['Series added', s.seriesAdded],
    ['New gaps', s.gaps],
    ['Missing values filled', s.filled],
    ['Overlaps (identical)', s.overlaps.identical],
    ['Conflicts (stored kept)', s.overlaps.conflicting],
    ['Rows before a start', s.beforeStart.count],
  ];
  return (
    // Conflicts are values of the file that were not stored: a warning, even when other rows were appended.
    <div
      className={`alert ${s.changed && s.overlaps.conflicting === 0 ? 'alert-success' : 'alert-warning'} append-summary`}
      data-append="summary"
      data-conflicts={s.overlaps.conflicting || undefined}
    >
      <div>
        <p>
          <strong>{appendHeadline(s)}</strong>
        </p>
        <StatList items={items.map(([label, value]) => [label, formatInteger(value)] as const)} inline data-append-summary />
        {s.overlaps.examples.length > 0 && (
          <DataTable
            name="append-conflicts"
            caption="Conflicting values (the stored one is kept)"
            showCaption
            columns={CONFLICT_COLUMNS}
            rows={s.overlaps.examples}
            rowKey={(e) => `${e.series}\u0000${e.timestamp}`}
          />
        )}
        {s.beforeStart.examples.length > 0 && (
          <p className="small">
            Skipped, before the series’ start:{' '}
            {s.beforeStart.examples.map((e) => `${e.series} at ${formatDataTime(e.timestamp)}`).join(', ')}.
          </p>
        )}
      </div>
    </div>
  );
}

const CONFLICT_COLUMNS: Column<AppendSummary['overlaps']['examples'][number]>[] = [
  { key: 'series', header: 'Series', cell: (e) => e.series },
  { key: 'timestamp', header: 'Timestamp', cell: (e) => formatDataTime(e.timestamp) },
  { key: 'stored', header: 'Stored', numeric: true, cell: (e) => e.stored.toLocaleString() },
  { key: 'uploaded', header: 'In the file', numeric: true, cell: (e) => e.uploaded.toLocaleString() },
];

const UPLOAD_COLUMNS: Column<DatasetUpload>[] = [
  { key: 'when', header: 'When', cell: (u) => <time dateTime={u.createdAt}>{formatMoment(u.createdAt)}</time> },
  { key: 'kind', header: 'Kind', cell: (u) => (u.kind === 'create' ? 'First upload' : 'Append') },
  { key: 'status', header: 'Status', cell: (u) => <StatusBadge status={u.status} /> },
  { key: 'size', header: 'Size', numeric: true, cell: (u) => formatBytes(u.bytes) },
  { key: 'rows', header: 'Values added', numeric: true, cell: (u) => formatInteger(u.summary?.rowsAdded) },
  { key: 'conflicts', header: 'Conflicts', numeric: true, cell: (u) => formatInteger(u.summary?.overlaps.conflicting) },
  { key: 'note', header: 'Note', className: 'small', cell: (u) => u.error ?? (u.summary && !u.summary.changed ? 'nothing new' : '') },
];

function appendHeadline(s: AppendSummary): string {
  const conflicts = s.overlaps.conflicting;
  const kept = conflicts
    ? conflicts === 1
      ? ' 1 value of the file differs from the stored one and was not stored (the stored one is kept).'
      : ` ${conflicts.toLocaleString()} values of the file differ from the stored ones and were not stored (the stored ones are kept).`
    : '';
  return `${s.changed ? 'Rows appended.' : 'Nothing changed: every row was already stored.'}${kept}`;
}

function UploadHistory({ uploads }: { uploads: ReturnType<typeof useResource<DatasetUpload[]>> }) {
  return (
    <>
      <h3>Upload history</h3>
      <ListStates list={uploads} loading="Loading uploads…" empty="No uploads recorded.">
        {(items) => <DataTable name="uploads" caption="Uploads of this dataset, latest first" columns={UPLOAD_COLUMNS} rows={items} rowProps={(u) => ({ 'data-upload-kind': u.kind })} />}
      </ListStates>
    </>
  );
}
