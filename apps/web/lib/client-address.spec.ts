import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardedFor, withClientAddress } from './client-address';

describe('client address for the /api proxy', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    // Stands in for Next's handler: answers the X-Forwarded-For it would pass on to the API.
    server = createServer(withClientAddress((req, res) => res.end(String(req.headers['x-forwarded-for']))));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth/login`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('names the caller it saw', async () => {
    expect(await (await fetch(url)).text()).toBe('127.0.0.1');
  });

  it('keeps a forged header in front, so the address it saw is still the last (the one the API reads)', async () => {
    const text = await (await fetch(url, { headers: { 'x-forwarded-for': '203.0.113.7' } })).text();
    expect(text).toBe('203.0.113.7, 127.0.0.1');
  });

  it('always ends with the peer, whatever came before', () => {
    fc.assert(
      fc.property(fc.option(fc.array(fc.ipV4(), { maxLength: 4 }), { nil: undefined }), fc.ipV4(), (earlier, peer) => {
        const header = forwardedFor(earlier?.join(', '), peer);
        const entries = header.split(',').map((e) => e.trim());
        expect(entries.at(-1)).toBe(peer);
        expect(entries.slice(0, -1)).toEqual(earlier ?? []);
      }),
      { numRuns: 200 },
    );
  });
});
