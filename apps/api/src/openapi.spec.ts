import { describe, expect, it } from 'vitest';
import { API_ROUTES, openApiDocument, openApiPath, type RouteSpec } from '@foretell/contracts';
import { routes } from './testing/routes';

const table = Object.entries(API_ROUTES as Record<string, RouteSpec>);
const key = (method: string, path: string) => `${method} ${path}`;

/** The route table (the OpenAPI document and the typed clients are built from it) against what the controllers serve. */
describe('the route table', () => {
  const served = routes();

  it('names every route the controllers serve, and no other', () => {
    expect(table.map(([, route]) => key(route.method, route.path)).sort()).toEqual(served.map((r) => key(r.method, r.path)).sort());
  });

  it('says which routes are public, their success status and their query schema, as the handlers do', () => {
    for (const route of served) {
      const [name, spec] = table.find(([, s]) => key(s.method, s.path) === key(route.method, route.path))!;
      expect({ name, public: Boolean(spec.public), status: spec.status ?? 200 }).toEqual({ name, public: route.public, status: route.status });
      // The very schema the handler validates with, so the document cannot describe another one.
      expect(route.querySchema === spec.query, `${name}: the handler's @Query schema is not the table's`).toBe(true);
    }
  });

  it('names each path parameter of a route once in its params, and only those', () => {
    for (const [name, spec] of table) {
      const inPath = [...spec.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
      expect(Object.keys(spec.params ?? {}), name).toEqual(inPath);
    }
  });
});

describe('the OpenAPI document', () => {
  const document = openApiDocument('test');

  it('is OpenAPI 3.1 with one operation per route, each with a unique id and the JSON Schemas of its contract', () => {
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation: operation as Record<string, any> })),
    );
    expect(operations.map((o) => key(o.method.toUpperCase(), o.path)).sort()).toEqual(table.map(([, r]) => key(r.method, openApiPath(r.path))).sort());
    expect(new Set(operations.map((o) => o.operation.operationId)).size).toBe(table.length);
    const createRun = document.paths['/api/runs']!.post as any;
    expect(createRun.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['datasetId', 'horizon']));
    expect(createRun.responses['201'].content['application/json'].schema.properties.leaderboard.type).toBe('array');
  });

  it('marks path parameters required and query parameters with defaults optional', () => {
    const listSeries = document.paths['/api/datasets/{id}/series']!.get as any;
    expect(listSeries.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
      expect.objectContaining({ name: 'search', in: 'query', required: false }),
      expect.objectContaining({ name: 'limit', in: 'query', required: false }),
      expect.objectContaining({ name: 'after', in: 'query', required: false }),
    ]);
    const forecasts = document.paths['/api/runs/{id}/forecasts']!.get as any;
    expect(forecasts.parameters[1]).toMatchObject({ name: 'seriesId', in: 'query', required: true });
  });

  it('leaves the credentials off public routes only', () => {
    expect((document.paths['/api/health']!.get as any).security).toEqual([]);
    expect((document.paths['/api/runs']!.get as any).security).toBeUndefined();
    expect(document.security).toEqual([{ apiKey: [] }, { session: [] }]);
  });
});
