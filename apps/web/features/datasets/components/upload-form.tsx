'use client';

import Link from 'next/link';
import { useRef, useState, type FormEvent } from 'react';
import type { ColumnMapping, Dataset } from '@foretell/contracts';
import { frequencyLabel } from '@foretell/contracts';
import { errorMessage } from '../../../lib/http';
import { formatInteger } from '../../../lib/format';
import { useInterval } from '../../../lib/use-resource';
import { ErrorState, ProgressBar } from '../../ui/components/states';
import { StatusBadge } from '../../ui/components/status-badge';
import { getDataset, uploadDataset, type UploadResult } from '../api/datasets.api';
import { CsvProblemsTable } from './csv-problems-table';

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; fraction: number }
  | { kind: 'done'; dataset: Dataset }
  | { kind: 'refused'; result: Extract<UploadResult, { ok: false }> };

function readMapping(form: FormData): ColumnMapping | undefined {
  const text = (key: string) => String(form.get(key) ?? '').trim() || undefined;
  const layout = text('layout') as ColumnMapping['layout'];
  const columns = text('columns')
    ?.split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const mapping: ColumnMapping = {
    layout,
    timestamp: text('timestamp'),
    seriesId: text('seriesId'),
    value: text('value'),
    columns: columns?.length ? columns : undefined,
  };
  const set = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v !== undefined));
  return Object.keys(set).length ? (set as ColumnMapping) : undefined;
}

export function UploadForm({ onUploaded }: { onUploaded: () => void }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const ingesting = phase.kind === 'done' && phase.dataset.status === 'ingesting';

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

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File) || !file.name) {
      setError('Choose a CSV file to upload.');
      return;
    }
    setError(null);
    setPhase({ kind: 'uploading', fraction: 0 });
    try {
      const result = await uploadDataset(file, {
        name: String(form.get('name') ?? '').trim() || undefined,
        mapping: readMapping(form),
        onProgress: (fraction) => setPhase({ kind: 'uploading', fraction }),
      });
      if (result.ok) {
        setPhase({ kind: 'done', dataset: result.dataset });
        formRef.current?.reset();
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
        series. Columns are detected; set them below if detection guesses wrong.
      </p>
      <form ref={formRef} onSubmit={submit} className="form" aria-describedby="upload-title">
        <div className="form-row">
          <div className="field">
            <label htmlFor="upload-file">CSV file</label>
            <input id="upload-file" name="file" type="file" accept=".csv,text/csv" required />
          </div>
          <div className="field">
            <label htmlFor="upload-name">Name (optional)</label>
            <input id="upload-name" name="name" type="text" placeholder="The file name" maxLength={200} />
          </div>
        </div>
        <details className="details">
          <summary>Column mapping (optional)</summary>
          <div className="form-row">
            <div className="field">
              <label htmlFor="map-layout">Layout</label>
              <select id="map-layout" name="layout" defaultValue="">
                <option value="">Detect</option>
                <option value="long">Long (id, timestamp, value)</option>
                <option value="wide">Wide (one column per series)</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="map-timestamp">Timestamp column</label>
              <input id="map-timestamp" name="timestamp" type="text" />
            </div>
            <div className="field">
              <label htmlFor="map-series">Series id column</label>
              <input id="map-series" name="seriesId" type="text" />
            </div>
            <div className="field">
              <label htmlFor="map-value">Value column</label>
              <input id="map-value" name="value" type="text" />
            </div>
            <div className="field field-wide">
              <label htmlFor="map-columns">Series columns (wide files, comma-separated)</label>
              <input id="map-columns" name="columns" type="text" />
            </div>
          </div>
        </details>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={phase.kind === 'uploading'}>
            {phase.kind === 'uploading' ? 'Uploading…' : 'Upload'}
          </button>
          {phase.kind === 'uploading' && <ProgressBar value={phase.fraction} label="Upload progress" />}
        </div>
      </form>

      <div aria-live="polite" className="upload-result">
        {error && <ErrorState error={error} />}
        {phase.kind === 'refused' && (
          <div data-upload="refused">
            <ErrorState error={phase.result.message} />
            <CsvProblemsTable problems={phase.result.problems} />
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
        <ErrorState error={dataset.error ?? `${dataset.name} could not be read.`} />
        <CsvProblemsTable problems={dataset.problems} />
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
