import { AUTH, ContractMismatchError, createApiClient, type RouteInput, type RouteName, type RouteOutput } from '@foretell/contracts';
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

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A cookie's value from a `document.cookie` string, or undefined. */
export function readCookie(name: string, cookies: string): string | undefined {
  for (const part of cookies.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}

/**
 * Headers a cookie-authenticated write needs: the session's CSRF token, read from its (non-httpOnly) cookie and
 * echoed in a header, which a page of another site cannot do. Reads need nothing.
 */
export function csrfHeaders(method: string | undefined, cookies = typeof document === 'undefined' ? '' : document.cookie): Record<string, string> {
  if (!WRITES.has((method ?? 'GET').toUpperCase())) return {};
  const token = readCookie(AUTH.csrfCookie, cookies);
  return token ? { [AUTH.csrfHeader]: token } : {};
}

/** Pages that work signed out; a 401 elsewhere sends the user to sign in. */
const PUBLIC_PAGES = ['/login', '/signup'];

/** Where a 401 sends the user: the sign-in page, remembering the page to come back to (null: stay, e.g. on /login). */
export function loginRedirect(pathname: string, search = ''): string | null {
  if (PUBLIC_PAGES.some((page) => pathname === page || pathname.startsWith(`${page}/`))) return null;
  const back = `${pathname}${search}`;
  return back === '/' ? '/login' : `/login?${new URLSearchParams({ next: back })}`;
}

/** After a 401: the session ended (or never began), so go and sign in. */
export function onUnauthorized(): void {
  if (typeof window === 'undefined') return;
  const target = loginRedirect(window.location.pathname, window.location.search);
  if (target) window.location.assign(target);
}

/**
 * The page to open after signing in: the `next` it was sent from, if it is a path of this site. Read as a browser reads
 * it (a backslash is a slash, tabs and newlines drop out: `/\evil.example` is another site), and kept only where it
 * stays on this origin.
 */
export function returnPath(search: string): string {
  const next = new URLSearchParams(search).get('next');
  const site = 'https://foretell.invalid';
  if (!next?.startsWith('/')) return '/datasets';
  try {
    const url = new URL(next, site);
    return url.origin === site ? `${url.pathname}${url.search}${url.hash}` : '/datasets';
  } catch {
    return '/datasets';
  }
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

/** Sends a request through the dashboard's `/api` proxy; a refusal or failure throws an ApiError saying why. */
async function send(path: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    const headers = new Headers(init?.headers);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    for (const [name, value] of Object.entries(csrfHeaders(init?.method))) headers.set(name, value);
    response = await fetch(path, { cache: 'no-store', ...init, headers });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError('Cannot reach the dashboard server. Check your connection and that it is running.', 0, undefined);
  }
  // Signing in answers 401 for a wrong password: that one is for the form to show, not a lost session.
  if (response.status === 401 && !/^\/api\/auth\/(login|signup)\b/.test(path)) onUnauthorized();
  if (!response.ok) {
    const body = await readBody(response);
    throw new ApiError(describeFailure(response.status, response.statusText, body), response.status, body);
  }
  return response;
}

/**
 * Calls the API through the dashboard's `/api` proxy and parses the answer with its contract schema: for what the
 * typed client (apiCall) cannot send, e.g. the CSV preview's text or workbook body.
 */
export async function apiRequest<T>(path: string, schema: z.ZodType<T>, init?: RequestInit): Promise<T> {
  const response = await send(path, init);
  const body = await readBody(response);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(describeMismatch(path, parsed.error), response.status, body);
  return parsed.data;
}

const typedCall = createApiClient((path, init) => send(`/api${path}`, init));

/**
 * A route of the API by its name in the route table (contracts), typed from its schemas:
 * `apiCall('getRun', { params: { id } })` resolves to a Run. Failures are ApiErrors, as with apiRequest.
 */
export async function apiCall<N extends RouteName>(name: N, input: RouteInput<N>, init?: RequestInit): Promise<RouteOutput<N>> {
  try {
    return await typedCall(name, input, init);
  } catch (error) {
    if (error instanceof ContractMismatchError) throw new ApiError(`${error.message}.`, 200, undefined);
    throw error;
  }
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
