import type { IncomingMessage, RequestListener } from 'node:http';

/**
 * X-Forwarded-For as a proxy must send it: what earlier hops said, then the address this hop was called from. The API
 * trusts only the entries its trusted proxies added (TRUST_PROXY), so whatever a client writes in front stays unused.
 */
export function forwardedFor(previous: string | string[] | undefined, peer: string | undefined): string {
  const earlier = (Array.isArray(previous) ? previous.join(', ') : (previous ?? '')).trim();
  const self = peer ?? 'unknown';
  return earlier ? `${earlier}, ${self}` : self;
}

/** Wraps the dashboard's request handler so /api requests reach the API naming their client, not this server. */
export function withClientAddress(handle: RequestListener): RequestListener {
  return (req: IncomingMessage, res) => {
    req.headers['x-forwarded-for'] = forwardedFor(req.headers['x-forwarded-for'], req.socket.remoteAddress);
    handle(req, res);
  };
}
