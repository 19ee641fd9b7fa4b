import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiCall, ApiError, csrfHeaders, describeFailure, issuesOf, loginRedirect, readCookie, returnPath } from './http';
import { stubFetch } from './stub-fetch.testing';

describe('describeFailure', () => {
  it('uses the API message, joining Nest’s lists', () => {
    expect(describeFailure(400, 'Bad Request', { message: 'horizon is too long' })).toBe('horizon is too long');
    expect(describeFailure(400, 'Bad Request', { message: ['a', 'b'] })).toBe('a; b');
  });

  it('tells the user to check the API when the proxy cannot reach it', () => {
    expect(describeFailure(500, 'Internal Server Error', 'Internal Server Error')).toMatch(/Check that it is running/);
  });

  it('names the status otherwise', () => {
    expect(describeFailure(404, 'Not Found', undefined)).toBe('Request failed with HTTP 404 Not Found.');
  });
});

describe('issuesOf', () => {
  it('turns zod issues into path: message lines', () => {
    const body = { message: 'Invalid run', issues: [{ path: ['models', 0, 'kind'], message: 'Invalid option' }, 'plain'] };
    expect(issuesOf(body)).toEqual(['models.0.kind: Invalid option', 'plain']);
    expect(issuesOf({ message: 'x' })).toEqual([]);
  });
});

describe('csrfHeaders', () => {
  const cookies = 'theme=dark; foretell_csrf=abc%2Fdef; other=1';
  it('echoes the CSRF cookie on writes only', () => {
    expect(readCookie('foretell_csrf', cookies)).toBe('abc/def');
    for (const method of ['POST', 'patch', 'PUT', 'DELETE']) expect(csrfHeaders(method, cookies)).toEqual({ 'x-csrf-token': 'abc/def' });
    expect(csrfHeaders('GET', cookies)).toEqual({});
    expect(csrfHeaders(undefined, cookies)).toEqual({});
  });

  it('sends nothing when signed out (no cookie)', () => {
    expect(csrfHeaders('POST', 'theme=dark')).toEqual({});
  });
});

describe('loginRedirect and returnPath', () => {
  it('keeps the page to come back to, and stays on the public pages', () => {
    expect(loginRedirect('/runs/abc', '?x=1')).toBe('/login?next=%2Fruns%2Fabc%3Fx%3D1');
    expect(loginRedirect('/')).toBe('/login');
    expect(loginRedirect('/login', '?next=/runs')).toBeNull();
    expect(loginRedirect('/signup')).toBeNull();
  });

  it('returns only to paths of this site', () => {
    expect(returnPath('?next=%2Fruns%2Fabc%3Fx%3D1')).toBe('/runs/abc?x=1');
    expect(returnPath('')).toBe('/datasets');
    expect(returnPath('?next=https://evil.example')).toBe('/datasets');
    expect(returnPath('?next=//evil.example')).toBe('/datasets');
    // Browsers read a backslash as a slash, and drop tabs and newlines: both of these are //evil.example.
    expect(returnPath('?next=%2F%5Cevil.example%2Fphish')).toBe('/datasets');
    expect(returnPath('?next=%2F%09%2Fevil.example')).toBe('/datasets');
    expect(returnPath('?next=%2F%0A%2Fevil.example')).toBe('/datasets');
    expect(returnPath('?next=javascript:alert(1)')).toBe('/datasets');
  });

  it('never leaves the site, whatever `next` holds', () => {
    const site = 'https://foretell.example';
    const pieces = fc.constantFrom('/', '\\', '\t', '\n', '.', ':', '@', 'evil.example', 'runs', '?', '#', '%2F', '%5C', ' ');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 8 }).map((p) => p.join('')), (next) => {
        const target = returnPath(`?${new URLSearchParams({ next })}`);
        expect(target.startsWith('/')).toBe(true);
        expect(new URL(target, site).origin).toBe(site);
      }),
    );
  });
});

describe('apiCall', () => {
  afterEach(() => vi.unstubAllGlobals());
  const answer = stubFetch;

  it("calls the route through the dashboard's /api and parses the answer with the route's schema", async () => {
    const calls = answer(200, { hasAccounts: true, signupOpen: true });
    expect(await apiCall('authStatus', {})).toEqual({ hasAccounts: true, signupOpen: true });
    expect(calls.map((c) => [c.url, c.init.method])).toEqual([['/api/auth/status', 'GET']]);
  });

  it('turns a refusal into an ApiError with the API message, and a drifted answer into one naming the field', async () => {
    answer(409, { message: 'The run has already completed.' });
    await expect(apiCall('cancelRun', { params: { id: '0b7c6a52-4a1b-4f55-9d59-0a4c1f9e2b10' } })).rejects.toThrow(
      new ApiError('The run has already completed.', 409, { message: 'The run has already completed.' }),
    );
    answer(200, { hasAccounts: 1 });
    await expect(apiCall('authStatus', {})).rejects.toThrow(/authStatus at hasAccounts/);
  });
});
