import { request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';

/** Headers of one connection, not of the request: a proxy never passes them on (RFC 9110, 7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
}

/**
 * The dashboard's /api proxy: each request under /api goes to the API at `apiUrl` (read when the server starts, so
 * one build serves any deployment), bodies streamed both ways as they come: uploads are not buffered and server-sent
 * events reach the browser as the API writes them. The caller's X-Forwarded-For is passed on as it arrives (see
 * withClientAddress). Returns false for other paths, which are Next's.
 */
export function apiProxy(apiUrl: string) {
  const target = new URL(apiUrl);
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = req.url ?? '/';
    if (path !== '/api' && !path.startsWith('/api/') && !path.startsWith('/api?')) return false;
    const upstream = request(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: `${target.pathname.replace(/\/$/, '')}${path}`,
        headers: { ...endToEnd(req.headers), host: target.host, 'x-forwarded-host': req.headers.host ?? '' },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
        // Headers now, body as it comes (an event stream may not write for a while).
        res.flushHeaders();
        // pipeline, not pipe: an answer cut off (the API died mid-stream) must end the browser's side too, or an event
        // stream would stay open with nothing coming and the page would never reconnect.
        pipeline(answer, res, () => undefined);
      },
    );
    upstream.on('error', (error) => {
      if (res.headersSent) return void res.destroy(error);
      res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ message: `The dashboard could not reach the API at ${target.origin} (${error.message}). Check that it is running.` }));
    });
    // The browser went away (a closed event stream, a cancelled upload): stop the API's side too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
    return true;
  };
}
