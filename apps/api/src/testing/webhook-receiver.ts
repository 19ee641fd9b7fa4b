import { createServer } from 'node:http';
import type { WebhookEvent } from '@foretell/contracts';

/**
 * A webhook endpoint on 127.0.0.1 that keeps every event POSTed to it (the test stack must allow that host) and answers
 * `status` (a redirect to another path for a 3xx).
 */
export async function startWebhookReceiver(status = 204) {
  const received: WebhookEvent[] = [];
  /** Each delivery as it arrived: its raw body and Foretell-Signature header, for checking signatures. */
  const deliveries: { body: string; signature: string | undefined }[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      received.push(JSON.parse(text));
      deliveries.push({ body: text, signature: req.headers['foretell-signature'] as string | undefined });
      res.writeHead(status, status >= 300 && status < 400 ? { location: '/elsewhere' } : {}).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`,
    received,
    deliveries,
    close: () => server.close(),
  };
}
