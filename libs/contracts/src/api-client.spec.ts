import { describe, expect, it } from 'vitest';
import { ContractMismatchError, createApiClient, routeUrl } from './api-client';

const RUN_ID = '0b7c6a52-4a1b-4f55-9d59-0a4c1f9e2b10';

describe('routeUrl', () => {
  it('fills in path parameters (encoded) and appends the query, leaving out absent values', () => {
    expect(routeUrl('runForecasts', { params: { id: RUN_ID }, query: { seriesId: 'a/b c' } })).toBe(`/runs/${RUN_ID}/forecasts?seriesId=a%2Fb+c`);
    expect(routeUrl('getSeries', { params: { id: RUN_ID, key: 'x/y' } })).toBe(`/datasets/${RUN_ID}/series/x%2Fy`);
    expect(routeUrl('listRuns', { query: { datasetId: undefined } })).toBe('/runs');
  });

  it('refuses a missing path parameter by name', () => {
    expect(() => routeUrl('getRun', {})).toThrow(/getRun: the path parameter id is missing/);
  });
});

describe('createApiClient', () => {
  const sent: { path: string; init: RequestInit }[] = [];
  const answering = (status: number, body: unknown) =>
    createApiClient(async (path, init) => {
      sent.push({ path, init });
      return new Response(body === undefined ? null : JSON.stringify(body), { status });
    });

  it("sends the route's method and a JSON body, and parses the answer with the route's schema", async () => {
    const call = answering(200, { hasAccounts: true, signupOpen: false, extra: 1 });
    expect(await call('authStatus', {})).toEqual({ hasAccounts: true, signupOpen: false });
    await answering(204, undefined)('changePassword', { body: { currentPassword: 'a', newPassword: 'b'.repeat(12) } });
    const last = sent.at(-1)!;
    expect([last.path, last.init.method, new Headers(last.init.headers).get('content-type')]).toEqual(['/auth/password', 'POST', 'application/json']);
    expect(JSON.parse(String(last.init.body))).toEqual({ currentPassword: 'a', newPassword: 'b'.repeat(12) });
  });

  it('reports an answer that does not match the contract, naming the route and the field', async () => {
    const call = answering(200, { hasAccounts: 'yes', signupOpen: false });
    await expect(call('authStatus', {})).rejects.toThrow(ContractMismatchError);
    await expect(call('authStatus', {})).rejects.toThrow(/authStatus at hasAccounts/);
  });

  it('hands file and event routes their raw response', async () => {
    const response = await answering(200, 'a,b')('exportRun', { params: { id: RUN_ID }, query: { what: 'backtests' } });
    expect(response).toBeInstanceOf(Response);
    expect(sent.at(-1)!.path).toBe(`/runs/${RUN_ID}/export?what=backtests`);
  });
});
