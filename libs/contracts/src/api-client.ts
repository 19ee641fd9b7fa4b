import type { z } from 'zod';
import { API_ROUTES, type ApiRoutes, type RouteName, type RouteSpec } from './api-routes';

type Route<N extends RouteName> = ApiRoutes[N];

type ParamsInput<R> = R extends { params: infer P } ? { params: { [K in keyof P]: string } } : { params?: undefined };
// The values the route reads (`limit: 5`, `champion: true`): the URL writes each as text and the route reads it back.
type QueryInput<R> = R extends { query: infer Q extends z.ZodType } ? { query?: Partial<z.output<Q>> } : { query?: undefined };
type BodyInput<R> = R extends { body: { json: infer B extends z.ZodType } }
  ? { body: z.input<B> }
  : R extends { body: { multipart: unknown } }
    ? { body: FormData }
    : R extends { body: { csvText: true } }
      ? { body: string | Blob | Uint8Array }
      : { body?: undefined };

/** What a call of the route takes: its path parameters, query and body, typed from the route table's schemas. */
export type RouteInput<N extends RouteName> = ParamsInput<Route<N>> & QueryInput<Route<N>> & BodyInput<Route<N>>;

/** What a call answers: the parsed JSON for JSON routes, nothing for 204s, the raw response for files and events. */
export type RouteOutput<N extends RouteName> = Route<N>['response'] extends { json: infer S extends z.ZodType }
  ? z.output<S>
  : Route<N>['response'] extends { none: true }
    ? undefined
    : Response;

/** The route's path below /api with its parameters filled in and its query appended: `/runs/3f…/forecasts?seriesId=a`. */
export function routeUrl(name: RouteName, input: { params?: Record<string, string>; query?: Record<string, unknown> } = {}): string {
  const route: RouteSpec = API_ROUTES[name];
  const path = route.path.replace(/:(\w+)/g, (_, key: string) => {
    const value = input.params?.[key];
    if (value === undefined) throw new Error(`${name}: the path parameter ${key} is missing`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(input.query ?? {})) if (value !== undefined && value !== null) query.set(key, String(value));
  return `/${path}${query.size ? `?${query}` : ''}`;
}

/** Sends a request to the API (the caller's transport: base URL, credentials, and how a refusal is reported). */
export type ApiTransport = (path: string, init: RequestInit) => Promise<Response>;

/** The answer did not match the route's response schema: the API and this client have drifted apart. */
export class ContractMismatchError extends Error {
  override name = 'ContractMismatchError';
  constructor(
    readonly route: RouteName,
    readonly issues: z.core.$ZodIssue[],
  ) {
    const first = issues[0];
    super(`Unexpected answer from ${route}${first?.path.length ? ` at ${first.path.join('.')}` : ''}: ${first?.message ?? 'does not match the contract'}`);
  }
}

/**
 * A client of the API typed from the route table: `call('getRun', { params: { id } })` resolves to a `Run`, parsed
 * with its schema. The transport sends the request; it throws on refusals, so `call` only sees successes.
 */
export function createApiClient(send: ApiTransport) {
  return async function call<N extends RouteName>(name: N, input: RouteInput<N>, init: RequestInit = {}): Promise<RouteOutput<N>> {
    const route: RouteSpec = API_ROUTES[name];
    const { params, query, body } = input as { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown };
    const headers = new Headers(init.headers);
    let payload: RequestInit['body'];
    if (route.body && 'json' in route.body) {
      headers.set('content-type', 'application/json');
      payload = JSON.stringify(body);
    } else if (route.body && 'csvText' in route.body) {
      headers.set('content-type', 'text/csv');
      payload = body as RequestInit['body'];
    } else if (route.body) {
      payload = body as FormData;
    }
    const response = await send(routeUrl(name, { params, query }), { ...init, method: route.method, headers, body: payload });
    if ('none' in route.response) return undefined as RouteOutput<N>;
    if (!('json' in route.response)) return response as RouteOutput<N>;
    const parsed = route.response.json.safeParse(await response.json());
    if (!parsed.success) throw new ContractMismatchError(name, parsed.error.issues);
    return parsed.data as RouteOutput<N>;
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
