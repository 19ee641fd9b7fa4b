import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@foretell/db';
import { API_ROUTES } from '@foretell/contracts';
import { createApiApp } from './create-app';
import { loadEnv } from './env';

/** The published document and interactive docs, as a browser without credentials sees them (no worker needed). */
describe('GET /api/openapi.json and /api/docs', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let origin: string;

  beforeAll(async () => {
    database = await createTestDatabase('foretell_it_docs', { serverUrl: process.env.TEST_DATABASE_URL });
    app = await createApiApp(loadEnv({ ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn', PORT: '0' }));
    await app.listen(0, '127.0.0.1');
    origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('serves the OpenAPI 3.1 document of every route, without credentials', async () => {
    const response = await fetch(`${origin}/api/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods).map((o) => o.operationId));
    expect(operations.sort()).toEqual(Object.keys(API_ROUTES).sort());
  });

  it('serves Swagger UI from the installed package, pointed at the document', async () => {
    const page = await fetch(`${origin}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/api/docs/swagger-ui-bundle.js');
    expect(html).toContain('"/api/openapi.json"');
    const bundle = await fetch(`${origin}/api/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    expect((await fetch(`${origin}/api/docs/swagger-ui.css`)).status).toBe(200);
  });

  it('still guards the API itself', async () => {
    expect((await fetch(`${origin}/api/runs`)).status).toBe(401);
  });
});
