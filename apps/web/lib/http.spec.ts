import { describe, expect, it } from 'vitest';
import { csrfHeaders, describeFailure, issuesOf, loginRedirect, readCookie, returnPath } from './http';

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
  });
});
