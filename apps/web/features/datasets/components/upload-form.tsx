'use client';

import Link from 'next/link';
import { useRef, useState, type DragEvent, type FormEvent } from 'react';
import type { Dataset } from '@foretell/contracts';
import { frequencyLabel } from '@foretell/contracts';
import { errorMessage } from '../../../lib/http';
import { formatBytes, formatInteger } from '../../../lib/format';
import { useInterval, useResource } from '../../../lib/use-resource';
import { ErrorState, ProgressBar } from '../../ui/components/states';
import { StatusBadge } from '../../ui/components/status-badge';
import { getDataset, previewCsv, uploadDataset, type UploadResult } from '../api/datasets.api';
import { draftToMapping, EMPTY_DRAFT, readPreviewBody, uploadBlocker, type MappingDraft } from '../api/upload-preview';
import { RefusedUpload } from './csv-problems-table';
import { UploadPreview } from './upload-preview';
import { LabelledInput } from '../../ui/components/labelled-input';

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; fraction: number }
  | { kind: 'done'; dataset: Dataset }
  | { kind: 'refused'; result: Extract<UploadResult, { ok: false }> };

function fileKey(file: File): string {
  return `${file.name}\u0000${file.size}\u0000${file.lastModified}`;
}

export function UploadForm({ onUploaded }: { onUploaded: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [complete, setComplete] = useState(true);
  const [draft, setDraft] = useState<MappingDraft>(EMPTY_DRAFT);
  const [dragging, setDragging] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const mapping = draftToMapping(draft);
  const ingesting = phase.kind === 'done' && phase.dataset.status === 'ingesting';

  // The preview follows the file and every correction of the columns (each one a fresh request; older ones abort).
  const preview = useResource(file ? `${fileKey(file)}\u0000${JSON.stringify(mapping ?? {})}` : null, async (signal) => {
    const part = await readPreviewBody(file as File);
    setComplete(part.complete);
    return previewCsv(part.body, mapping, signal);
  });
  // A preview of the file as it stands: an upload it shows would be refused waits until the problems are fixed.
  const blocker = file && !preview.loading ? uploadBlocker(preview.data) : null;

  // Large files are ingested in the background (202): follow the dataset until it is ready or failed.
  useInterval(
    () => {
      if (phase.kind !== 'done') return;
      getDataset(phase.dataset.id).then(
        (dataset) => {
          setPhase({ kind: 'done', dataset });
          if (dataset.status !== 'ingesting') onUploaded();
        },
        (e: unknown) => setError(errorMessage(e)),
      );
    },
    1000,
    ingesting,
  );

  function choose(next: File | null) {
    setFile(next);
    setDraft(EMPTY_DRAFT);
    setError(null);
    if (phase.kind === 'refused') setPhase({ kind: 'idle' });
  }

  function drop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (!dropped) return;
    // Mirror the drop into the file input, so what it shows and what is sent agree.
    if (inputRef.current) inputRef.current.files = event.dataTransfer.files;
    choose(dropped);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (!file) {
      setError('Choose a CSV file or an .xlsx workbook to upload, or drop one on the box.');
      return;
    }
    setError(null);
    setPhase({ kind: 'uploading', fraction: 0 });
    try {
      const result = await uploadDataset(file, {
        name: String(form.get('name') ?? '').trim() || undefined,
        mapping,
        onProgress: (fraction) => setPhase({ kind: 'uploading', fraction }),
      });
      if (result.ok) {
        setPhase({ kind: 'done', dataset: result.dataset });
        formRef.current?.reset();
        choose(null);
        onUploaded();
      } else {
        setPhase({ kind: 'refused', result });
      }
    } catch (e) {
      setPhase({ kind: 'idle' });
      setError(errorMessage(e));
    }
  }

  return (
    <section className="card" aria-labelledby="upload-title">
      <h2 id="upload-title">Upload a CSV</h2>
      <p className="muted">
        Long files have a series id, a timestamp and a value column; wide files a timestamp column and one column per
        series. The preview shows what is detected; correct the columns there before uploading if it guesses wrong.
        Dates such as 21/01/2015 are read day first or month first as the data shows; confirm or choose the order there.
      </p>
      <form ref={formRef} onSubmit={submit} className="form" aria-describedby="upload-title">
        <div
          className="dropzone"
          data-dragging={dragging || undefined}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={drop}
        >
          <div className="field">
            <label htmlFor="upload-file">CSV file or Excel workbook (.xlsx)</label>
            <input
              ref={inputRef}
              id="upload-file"
              name="file"
              type="file"
              accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => choose(e.target.files?.[0] ?? null)}
            />
          </div>
          <p className="muted small">
            {file ? (
              <>
                <strong>{file.name}</strong> · {formatBytes(file.size)}
              </>
            ) : (
              'or drag and drop a file here'
            )}
          </p>
        </div>
        <div className="form-row">
          <LabelledInput id="upload-name" label="Name (optional)" name="name" type="text" placeholder="The file name" maxLength={200} />
        </div>
        {file && <UploadPreview preview={preview} complete={complete} draft={draft} onDraft={setDraft} />}
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={phase.kind === 'uploading' || blocker !== null}
            aria-describedby={blocker ? 'upload-blocker' : undefined}
          >
            {phase.kind === 'uploading' ? 'Uploading…' : 'Upload'}
          </button>
          {blocker && (
            <span id="upload-blocker" className="small warning-text" data-upload-blocker>
              {blocker}
            </span>
          )}
          {phase.kind === 'uploading' && (
            <span className="upload-progress" data-upload="sending">
              <ProgressBar value={phase.fraction} label="Upload progress" />
              {phase.fraction >= 1 && <span className="muted small">Sent; reading the file…</span>}
            </span>
          )}
        </div>
      </form>

      <div aria-live="polite" className="upload-result">
        {error && <ErrorState error={error} />}
        {phase.kind === 'refused' && (
          <div data-upload="refused">
            <RefusedUpload message={phase.result.message} problems={phase.result.problems} />
          </div>
        )}
        {phase.kind === 'done' && <UploadedDataset dataset={phase.dataset} />}
      </div>
    </section>
  );
}

function UploadedDataset({ dataset }: { dataset: Dataset }) {
  if (dataset.status === 'ingesting') {
    return (
      <div className="alert alert-info" data-upload="ingesting">
        <StatusBadge status="ingesting" />
        <span>
          Reading <strong>{dataset.name}</strong>; large files take a moment. You can upload another file meanwhile.
        </span>
      </div>
    );
  }
  if (dataset.status === 'failed') {
    return (
      <div data-upload="failed">
        <RefusedUpload message={dataset.error ?? `${dataset.name} could not be read.`} problems={dataset.problems} />
      </div>
    );
  }
  const p = dataset.profile;
  return (
    <div className="alert alert-success" data-upload="ready">
      <span>
        <strong>{dataset.name}</strong> is ready
        {p && `: ${formatInteger(p.seriesCount)} series, ${formatInteger(p.points)} points, ${frequencyLabel(p.frequency)}`}.
      </span>
      <Link href={`/datasets/${dataset.id}`} className="btn btn-small">
        Open dataset
      </Link>
    </div>
  );
}
