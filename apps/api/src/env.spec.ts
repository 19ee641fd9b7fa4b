import { describe, expect, it } from 'vitest';
import { loadEnv } from './env';

describe('API environment', () => {
  it('has local defaults', () => {
    const env = loadEnv({});
    expect(env.PORT).toBe(3001);
    expect(env.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/foretell');
    expect(env.UPLOAD_MAX_BYTES).toBe(200 * 1024 * 1024);
  });
  it('stops with a message naming each bad variable', () => {
    expect(() => loadEnv({ PORT: 'eighty', REDIS_URL: 'not a url' })).toThrow(/PORT[\s\S]*REDIS_URL|REDIS_URL[\s\S]*PORT/);
  });
});
