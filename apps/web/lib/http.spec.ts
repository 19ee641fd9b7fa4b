import { describe, expect, it } from 'vitest';
import { describeFailure, issuesOf } from './http';

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
