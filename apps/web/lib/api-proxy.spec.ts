import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiProxy } from './api-proxy';
import { withClientAddress } from './client-address';

const listen = async (server: Server) => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const close = (server: Server) => new Promise<void>((done) => server.close(() => done()));
const readBody = async (req: IncomingMessage) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
};

/** The dashboard's server as server.ts builds it, in front of a stand-in API. */
describe('the /api proxy', () => {
  let api: Server;
  let dashboard: Server;
  let apiUrl: string;
  let url: string;
  /** Lets the stand-in's event stream send its second event. */
  let releaseSecond: () => void = () => undefined;

  beforeAll(async () => {
    api = createServer(async (req, res) => {
      if (req.url === '/api/runs/1/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.write('data: {"n":1}\n\n');
        await new Promise<void>((release) => (releaseSecond = release));
        res.end('data: {"n":2}\n\n');
        return;
      }
      if (req.url === '/api/runs/2/events') {
        // The API process dies mid-stream (kill -9): its side of the connection is reset.
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.write('data: {"n":1}\n\n');
        setTimeout(() => req.socket.destroy(), 50);
        return;
      }
      const body = await readBody(req);
      res.writeHead(req.url === '/api/missing' ? 404 : 200, { 'content-type': 'application/json', 'set-cookie': ['a=1; Path=/', 'b=2; Path=/'] });
      res.end(JSON.stringify({ method: req.method, url: req.url, body, forwardedFor: req.headers['x-forwarded-for'], host: req.headers.host }));
    });
    apiUrl = await listen(api);
    const proxy = apiProxy(apiUrl);
    dashboard = createServer(withClientAddress((req, res) => void (proxy(req, res) || res.end('next'))));
    url = await listen(dashboard);
  });
  afterAll(async () => {
    releaseSecond();
    await Promise.all([close(dashboard), close(api)]);
  });

  it('passes method, path, query, body and status through, with every cookie the API sets', async () => {
    const response = await fetch(`${url}/api/datasets?x=1`, { method: 'POST', body: 'month,value\n2020-01,1\n', headers: { 'content-type': 'text/csv' } });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(await response.json()).toMatchObject({ method: 'POST', url: '/api/datasets?x=1', body: 'month,value\n2020-01,1\n', host: new URL(apiUrl).host });
    expect((await fetch(`${url}/api/missing`)).status).toBe(404);
  });

  it('names the browser in X-Forwarded-For, after what it claimed itself', async () => {
    const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect((await response.json()).forwardedFor).toBe('203.0.113.7, 127.0.0.1');
  });

  it('delivers each server-sent event as the API writes it, not when the stream ends', async () => {
    const response = await fetch(`${url}/api/runs/1/events`);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toBe('data: {"n":1}\n\n');
    releaseSecond();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(rest).toBe('data: {"n":2}\n\n');
  });

  it('ends the event stream when the API dies mid-stream, so the page reconnects instead of waiting for good', async () => {
    const response = await fetch(`${url}/api/runs/2/events`);
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: {"n":1}\n\n');
    const ended = reader.read().then(
      () => 'ended',
      () => 'ended',
    );
    const waited = new Promise((done) => setTimeout(() => done('still open'), 3000));
    expect(await Promise.race([ended, waited])).toBe('ended');
  });

  it('leaves other paths to Next, /apis included', async () => {
    expect(await (await fetch(`${url}/datasets`)).text()).toBe('next');
    expect(await (await fetch(`${url}/apis`)).text()).toBe('next');
  });

  it('answers 502 with a message when the API is not there', async () => {
    const proxy = apiProxy('http://127.0.0.1:9');
    const down = createServer((req, res) => void proxy(req, res));
    const downUrl = await listen(down);
    const response = await fetch(`${downUrl}/api/health`);
    expect(response.status).toBe(502);
    expect((await response.json()).message).toMatch(/could not reach the API at http:\/\/127\.0\.0\.1:9/);
    await close(down);
  });
});
