/**
 * The dashboard's server: Next's own handler behind one wrapper that appends the caller's address to
 * X-Forwarded-For, so the API's per-address sign-in limit sees each browser, not this proxy (next start cannot).
 *   node -r @swc-node/register server.ts [-p 3000] [-H 127.0.0.1]
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';
import { withClientAddress } from './lib/client-address';

async function main() {
  const { values } = parseArgs({ options: { port: { type: 'string', short: 'p', default: '3000' }, hostname: { type: 'string', short: 'H', default: '127.0.0.1' } } });
  const port = Number(values.port);
  const app = next({ dir: __dirname, hostname: values.hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  createServer(withClientAddress((req, res) => void handle(req, res))).listen(port, values.hostname, () => {
    console.log(`Dashboard on http://${values.hostname}:${port}`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
