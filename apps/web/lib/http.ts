import type { z } from 'zod';

/** A failed call to the API, with a message a user can act on and the parsed body for details (e.g. problems). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Nest answers `{ message }`, sometimes with `message` as a list of strings; anything else gets a generic line. */
export function describeFailure(status: number, statusText: string, body: unknown): string {
  if (body && typeof body === 'object' && 'message' in body) {
    const message = (body as { message: unknown }).message;
    if (typeof message === 'string' && message) return message;
    if (Array.isArray(message) && message.length) return message.map(String).join('; ');
  }
  // The dashboard's /api proxy answers 500 (or 502/503/504 behind another proxy) when the API is not running.
  if (status >= 500) {
    return `The API did not answer properly (HTTP ${status}${statusText ? ` ${statusText}` : ''}). Check that it is running.`;
  }
  return `Request failed with HTTP ${status}${statusText ? ` ${statusText}` : ''}.`;
}

/** Summarises why a response did not match its contract, so drift between API and dashboard is visible. */
export function describeMismatch(path: string, error: z.ZodError): string {
  const first = error.issues[0];
  const where = first?.path.length ? ` at ${first.path.join('.')}` : '';
  return `Unexpected answer from ${path}${where}: ${first?.message ?? 'does not match the contract'}.`;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Calls the API through the dashboard's `/api` proxy and parses the answer with its contract schema.
 * Pass `null` as schema for answers without a body (204).
 */
export async function apiRequest<T>(path: string, schema: z.ZodType<T> | null, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { cache: 'no-store', ...init, headers: { accept: 'application/json', ...init?.headers } });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError('Cannot reach the dashboard server. Check your connection and that it is running.', 0, undefined);
  }
  const body = await readBody(response);
  if (!response.ok) throw new ApiError(describeFailure(response.status, response.statusText, body), response.status, body);
  if (schema === null) return undefined as T;
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(describeMismatch(path, parsed.error), response.status, body);
  return parsed.data;
}

/** The validation issues of a 400 (`{ message, issues }`), as lines: zod issues become "path: message". */
export function issuesOf(body: unknown): string[] {
  const issues = (body as { issues?: unknown } | null)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.map((issue) => {
    if (issue && typeof issue === 'object' && 'message' in issue) {
      const path = (issue as { path?: unknown }).path;
      const where = Array.isArray(path) && path.length ? `${path.join('.')}: ` : '';
      return `${where}${String((issue as { message: unknown }).message)}`;
    }
    return String(issue);
  });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
