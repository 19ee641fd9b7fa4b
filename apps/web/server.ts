/**
 * The dashboard's server: /api goes to the API (API_URL, read now: one build serves any deployment), everything else
 * to Next. Both behind one wrapper that appends the caller's address to X-Forwarded-For, so the API's per-address
 * sign-in limit sees each browser, not this proxy (next start cannot).
 *   node -r @swc-node/register server.ts [-p 3000] [-H 127.0.0.1] [--dev]
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';
import { apiProxy } from './lib/api-proxy';
import { withClientAddress } from './lib/client-address';

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', short: 'p', default: '3000' },
      hostname: { type: 'string', short: 'H', default: '127.0.0.1' },
      /** Next's development server (hot reload) instead of the build. */
      dev: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3001';
  const app = next({ dir: __dirname, hostname: values.hostname, port, dev: values.dev });
  const handle = app.getRequestHandler();
  await app.prepare();
  const proxy = apiProxy(apiUrl);
  const server = createServer(withClientAddress((req, res) => void (proxy(req, res) || handle(req, res))));
  // Event streams stay open for as long as a run trains and big uploads take a while: no idle cut-off here.
  server.requestTimeout = 0;
  server.listen(port, values.hostname, () => {
    console.log(`Dashboard on http://${values.hostname}:${port}, API at ${apiUrl}`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
