import {
  csvPreviewSchema,
  csvProblemSchema,
  datasetSchema,
  datasetUploadSchema,
  type ColumnMapping,
  type CsvPreview,
  type CsvProblem,
  type Dataset,
  type DatasetSummary,
  type DatasetUpload,
  type SeriesPoints,
  type SeriesSummary,
} from '@foretell/contracts';
import { apiCall, apiRequest, csrfHeaders, describeFailure, onUnauthorized } from '../../../lib/http';

/** The datasets with their profiles' totals (the full profile comes with getDataset). */
export function listDatasets(signal?: AbortSignal): Promise<DatasetSummary[]> {
  return apiCall('listDatasets', {}, { signal });
}

export function getDataset(id: string, signal?: AbortSignal): Promise<Dataset> {
  return apiCall('getDataset', { params: { id } }, { signal });
}

export function listSeries(id: string, search: string, limit: number, signal?: AbortSignal): Promise<SeriesSummary[]> {
  return apiCall('listSeries', { params: { id }, query: { search, limit } }, { signal });
}

export function getSeriesPoints(id: string, key: string, signal?: AbortSignal): Promise<SeriesPoints> {
  return apiCall('getSeries', { params: { id, key } }, { signal });
}

export function deleteDataset(id: string): Promise<void> {
  return apiCall('deleteDataset', { params: { id } });
}

export type UploadResult =
  | { ok: true; dataset: Dataset }
  | { ok: false; status: number; message: string; problems: CsvProblem[] };

export interface UploadOptions {
  name?: string;
  mapping?: ColumnMapping;
  /** Fraction of the file sent, 0..1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** The answer to an upload: the dataset (201 ready, 202 ingesting) or why the file was refused. */
export function readUploadAnswer(status: number, statusText: string, body: unknown): UploadResult {
  if (status === 201 || status === 202) {
    const parsed = datasetSchema.safeParse(body);
    if (parsed.success) return { ok: true, dataset: parsed.data };
    return { ok: false, status, message: 'The API accepted the file but answered with an unexpected shape.', problems: [] };
  }
  const problems = csvProblemSchema.array().safeParse((body as { problems?: unknown } | null)?.problems);
  return {
    ok: false,
    status,
    message: status === 0 ? 'The upload did not reach the server. Check your connection.' : describeFailure(status, statusText, body),
    problems: problems.success ? problems.data : [],
  };
}

export function listUploads(id: string, signal?: AbortSignal): Promise<DatasetUpload[]> {
  return apiCall('listUploads', { params: { id } }, { signal });
}

/**
 * What an upload would detect in `text` (the first part of a file, or a whole workbook: see readPreviewPart) with this
 * mapping. Through apiRequest, not apiCall: the typed client sends this body as text/csv only, and a workbook goes as a
 * Blob of its own type.
 */
export function previewCsv(text: string | Blob, mapping: ColumnMapping | undefined, signal?: AbortSignal): Promise<CsvPreview> {
  const query = mapping && Object.keys(mapping).length ? `?${new URLSearchParams({ mapping: JSON.stringify(mapping) })}` : '';
  return apiRequest(`/api/datasets/preview${query}`, csvPreviewSchema, {
    method: 'POST',
    headers: { 'content-type': typeof text === 'string' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    body: text,
    signal,
  });
}

export type AppendResult =
  | { ok: true; upload: DatasetUpload }
  | { ok: false; status: number; message: string; problems: CsvProblem[] };

/** The answer to an append: the upload (201 with its summary, 202 ingesting) or why the file was refused. */
export function readAppendAnswer(status: number, statusText: string, body: unknown): AppendResult {
  if (status === 201 || status === 202) {
    const parsed = datasetUploadSchema.safeParse(body);
    if (parsed.success) return { ok: true, upload: parsed.data };
    return { ok: false, status, message: 'The API accepted the file but answered with an unexpected shape.', problems: [] };
  }
  const refused = readUploadAnswer(status, statusText, body);
  return refused.ok ? { ok: false, status, message: 'Unexpected answer.', problems: [] } : refused;
}

/**
 * Sends a CSV as multipart form data. XMLHttpRequest rather than fetch (or apiCall) because only it reports upload progress,
 * which matters for files of hundreds of megabytes. The file goes last so the API knows name and mapping before
 * it streams the rows.
 */
export function uploadDataset(file: File, options: UploadOptions = {}): Promise<UploadResult> {
  const form = new FormData();
  if (options.name) form.append('name', options.name);
  if (options.mapping && Object.keys(options.mapping).length) form.append('mapping', JSON.stringify(options.mapping));
  form.append('file', file, file.name);
  return sendForm('/api/datasets', form, options, readUploadAnswer);
}

/** Appends the rows of a CSV to a ready dataset (same columns, later timestamps), with upload progress. */
export function appendRows(id: string, file: File, options: Pick<UploadOptions, 'onProgress' | 'signal'> = {}): Promise<AppendResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  return sendForm(`/api/datasets/${encodeURIComponent(id)}/rows`, form, options, readAppendAnswer);
}

function sendForm<T>(
  path: string,
  form: FormData,
  options: Pick<UploadOptions, 'onProgress' | 'signal'>,
  read: (status: number, statusText: string, body: unknown) => T,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    for (const [name, value] of Object.entries(csrfHeaders('POST'))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = undefined;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = xhr.responseText;
      }
      if (xhr.status === 401) onUnauthorized();
      resolve(read(xhr.status, xhr.statusText, body));
    };
    xhr.onerror = () => resolve(read(0, '', undefined));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
