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
  it('reads the hosts webhooks may reach on private networks, and refuses entries that are not hosts', () => {
    expect(loadEnv({}).WEBHOOK_ALLOWED_HOSTS).toEqual([]);
    expect(loadEnv({ WEBHOOK_ALLOWED_HOSTS: ' 127.0.0.1, Hooks.Internal ,::1,' }).WEBHOOK_ALLOWED_HOSTS).toEqual(['127.0.0.1', 'hooks.internal', '::1']);
    expect(() => loadEnv({ WEBHOOK_ALLOWED_HOSTS: 'http://10.0.0.1:8080' })).toThrow(/WEBHOOK_ALLOWED_HOSTS/);
  });
});
