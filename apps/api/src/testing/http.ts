import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Run } from '@foretell/contracts';

let apiKey: string | undefined;

/** The API key every helper below sends (the test stack sets its owner's key; `null` sends none). */
export function useApiKey(key: string | null): void {
  apiKey = key ?? undefined;
}

/** fetch with the current API key, for requests the helpers below do not cover. */
export function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (apiKey && !headers.has('authorization') && !headers.has('cookie')) headers.set('authorization', `Bearer ${apiKey}`);
  return fetch(url, { ...init, headers });
}

/** Uploads a file (a path, or `{ name, text }`: CSV text or a workbook's bytes) the way the dashboard does: multipart with the file last. */
export function uploadCsv(apiUrl: string, file: string | { name: string; text: string | Uint8Array }, fields: Record<string, string> = {}) {
  return postCsv(`${apiUrl}/datasets`, file, fields);
}

/** Uploads a file that must be accepted, for tests whose subject comes after the upload: the new dataset's id. */
export async function uploadDataset(apiUrl: string, file: string | { name: string; text: string | Uint8Array }): Promise<string> {
  const upload = await uploadCsv(apiUrl, file);
  if (upload.status !== 201) throw new Error(`upload refused (${upload.status}): ${JSON.stringify(upload.body)}`);
  return upload.body.id as string;
}

/** Appends the rows of a CSV to a dataset (`POST /datasets/:id/rows`). */
export function appendCsv(apiUrl: string, datasetId: string, file: string | { name: string; text: string | Uint8Array }) {
  return postCsv(`${apiUrl}/datasets/${datasetId}/rows`, file);
}

async function postCsv(url: string, file: string | { name: string; text: string | Uint8Array }, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  const name = typeof file === 'string' ? basename(file) : file.name;
  const body = typeof file === 'string' ? await readFile(file) : Buffer.from(file.text);
  form.append('file', new Blob([body], { type: 'text/csv' }), name);
  const response = await apiFetch(url, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as any };
}

export async function getJson(url: string) {
  const response = await apiFetch(url);
  return { status: response.status, body: (await response.json()) as any };
}

export async function postJson(url: string, payload: unknown) {
  const response = await apiFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** Polls until `check` returns a value (not undefined) or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The run once it has completed or failed (polled). */
export function finishedRun(apiUrl: string, runId: string, timeoutMs?: number): Promise<Run> {
  return eventually(async () => {
    const { body } = await getJson(`${apiUrl}/runs/${runId}`);
    return body.status === 'completed' || body.status === 'failed' ? (body as Run) : undefined;
  }, timeoutMs);
}
