import { createApiClient, type ApiClient } from '@foretell/contracts';

/** A problem the server reported (or reaching it): printed as is; exit code 2 for refusals (4xx), 1 otherwise. */
export class RemoteError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

/** The API's `{ message, issues | problems }` as lines a user can act on. */
export function describeRefusal(status: number, body: unknown): string {
  const b = (body && typeof body === 'object' ? body : {}) as { message?: unknown; issues?: unknown; problems?: unknown };
  const message = Array.isArray(b.message) ? b.message.join('; ') : typeof b.message === 'string' ? b.message : typeof body === 'string' && body ? body.slice(0, 500) : '';
  const details = [
    ...(Array.isArray(b.issues) ? b.issues : []).map((i: { path?: unknown[]; message?: string }) => `  ${i.path?.length ? `${i.path.join('.')}: ` : ''}${i.message ?? String(i)}`),
    ...(Array.isArray(b.problems) ? b.problems : []).slice(0, 10).map((p: { row?: number | null; column?: string | null; message?: string }) =>
      `  ${p.row ? `row ${p.row}${p.column ? `, ${p.column}` : ''}: ` : ''}${p.message ?? String(p)}`,
    ),
  ];
  const why =
    status === 401
      ? 'the server did not accept the API key (401). Pass a valid key with --api-key or FORETELL_API_KEY (owners create keys in the dashboard, under API keys)'
      : status === 403
        ? "the API key's role may not do this (403): submitting runs needs a member key"
        : `the server refused the request (${status})`;
  return [`${why}${message ? `: ${message}` : ''}`, ...details].join('\n');
}

/**
 * Calls the API at `server` (the API or the dashboard, both serve /api) with the key; non-2xx answers throw.
 * `call` is the client typed from the API's route table (contracts): what each route takes and answers.
 */
export class RemoteClient {
  private readonly base: string;
  readonly call: ApiClient;

  constructor(
    server: string,
    private readonly apiKey: string,
  ) {
    this.base = `${server.replace(/\/+$/, '').replace(/\/api$/, '')}/api`;
    this.call = createApiClient((path, init) => this.request(path, init));
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${this.apiKey}`);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, { ...init, headers });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      throw new RemoteError(`cannot reach the server at ${this.base}: ${cause}`, 0);
    }
    if (response.ok) return response;
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: shown as text
    }
    throw new RemoteError(describeRefusal(response.status, body), response.status);
  }
}
