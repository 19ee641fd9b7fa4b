import { z } from 'zod';
import { AUTH } from './auth.schema';
import { API_ROUTES, type RouteBody, type RouteResponse, type RouteSpec } from './api-routes';

/** Where the API publishes the document and its interactive docs (below the global `/api` prefix). */
export const OPENAPI_PATH = 'openapi.json';
export const API_DOCS_PATH = 'docs';

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect): what a request may send, or what an answer holds. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' });
  return rest;
}

const errorSchema = {
  type: 'object',
  properties: {
    message: { type: 'string', description: 'What went wrong, in words a user can act on.' },
    issues: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } }, required: ['path', 'message'] },
    },
  },
  required: ['message'],
};

/** `runs/:id/events` as OpenAPI writes it, below /api: `/api/runs/{id}/events`. */
export function openApiPath(path: string): string {
  return `/api/${path.replace(/:(\w+)/g, '{$1}')}`;
}

function parameters(route: RouteSpec) {
  const path = Object.entries(route.params ?? {}).map(([name, schema]) => ({ name, in: 'path', required: true, schema: jsonSchema(schema, 'input') }));
  const query = Object.entries(route.query?.shape ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    // A parameter with a default, or optional, may be left out.
    required: !(schema as z.ZodType).safeParse(undefined).success,
    schema: jsonSchema(schema as z.ZodType, 'input'),
  }));
  return [...path, ...query];
}

function requestBody(body: RouteBody) {
  if ('json' in body) return { required: true, content: { 'application/json': { schema: jsonSchema(body.json, 'input') } } };
  if ('csvText' in body) return { required: true, content: { 'text/csv': { schema: { type: 'string' } } } };
  const properties: Record<string, JsonSchema> = Object.fromEntries(body.multipart.fields.map((field) => [field, { type: 'string' }]));
  properties.file = { type: 'string', contentMediaType: 'application/octet-stream', description: 'A CSV or Excel file; the last part.' };
  return { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties, required: ['file'] } } } };
}

function success(response: RouteResponse) {
  if ('none' in response) return { description: 'Done (no body).' };
  if ('csv' in response) return { description: 'A CSV file.', content: { 'text/csv': { schema: { type: 'string' } } } };
  if ('events' in response) {
    return {
      description: 'Server-sent events; each `data:` line is one JSON value of this schema.',
      content: { 'text/event-stream': { itemSchema: jsonSchema(response.events, 'output'), schema: { type: 'string' } } },
    };
  }
  return { description: 'OK', content: { 'application/json': { schema: jsonSchema(response.json, 'output') } } };
}

/** The API's OpenAPI 3.1 document, built from the route table and the zod contracts it names. */
export function openApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, route] of Object.entries(API_ROUTES) as [string, RouteSpec][]) {
    const operation = {
      operationId,
      summary: route.summary,
      tags: [route.tag],
      ...(route.public && { security: [] }),
      parameters: parameters(route),
      ...(route.body && { requestBody: requestBody(route.body) }),
      responses: {
        [String(route.status ?? 200)]: success(route.response),
        default: { description: 'A refusal or failure.', content: { 'application/json': { schema: errorSchema } } },
      },
    };
    (paths[openApiPath(route.path)] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Foretell API',
      version,
      description:
        'Upload time series, compare forecasting models by backtests, forecast with intervals. Scripts authenticate with an API key ' +
        '(`Authorization: Bearer …`, created by a workspace owner); the dashboard with session cookies (writes also send the CSRF header).',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }, { session: [] }],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'A workspace API key.' },
        session: { type: 'apiKey', in: 'cookie', name: AUTH.sessionCookie, description: `The dashboard session (writes also send the ${AUTH.csrfCookie} cookie's value in ${AUTH.csrfHeader}).` },
      },
    },
    tags: [...new Set(Object.values(API_ROUTES).map((route) => route.tag))].map((name) => ({ name })),
    paths,
  };
}
