import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { API_DOCS_PATH, OPENAPI_PATH, openApiDocument } from '@foretell/contracts';

const OPENAPI_URL = `/api/${OPENAPI_PATH}`;
const DOCS_URL = `/api/${API_DOCS_PATH}`;

/** Swagger UI's own page, pointed at this API's document (its shipped initializer loads the petstore example). */
const DOCS_PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>Foretell API</title>
    <link rel="stylesheet" type="text/css" href="${DOCS_URL}/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${DOCS_URL}/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script>window.ui = SwaggerUIBundle({ url: ${JSON.stringify(OPENAPI_URL)}, dom_id: '#swagger-ui', deepLinking: true });</script>
  </body>
</html>
`;

/**
 * The OpenAPI document at /api/openapi.json and Swagger UI at /api/docs, both public and outside the Nest router (so
 * they are not routes of the table they describe). Swagger UI's files are served from the installed package: no CDN.
 */
export function serveApiDocs(app: NestExpressApplication): void {
  const { version } = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as { version: string };
  const document = JSON.stringify(openApiDocument(version));
  app.use(OPENAPI_URL, (req: Request, res: Response, next: () => void) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.type('application/json').send(document);
  });
  app.use(DOCS_URL, (req: Request, res: Response, next: () => void) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || (req.path !== '/' && req.path !== '')) return next();
    res.type('html').send(DOCS_PAGE);
  });
  app.useStaticAssets(dirname(require.resolve('swagger-ui-dist/package.json')), { prefix: DOCS_URL, index: false });
}
