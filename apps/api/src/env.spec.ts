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
  it('reads TRUST_PROXY as hops, addresses or none, and refuses anything else at boot', () => {
    expect(loadEnv({}).TRUST_PROXY).toEqual(['loopback']);
    expect(loadEnv({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8, ::1' }).TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8', '::1']);
    expect(() => loadEnv({ TRUST_PROXY: 'loopback, proxy.example.com' })).toThrow(/TRUST_PROXY[\s\S]*proxy\.example\.com/);
  });
  it('keeps sessions 7 days idle and 30 at most, and refuses an idle expiry past the cap', () => {
    expect(loadEnv({})).toMatchObject({ SESSION_DAYS: 7, SESSION_MAX_DAYS: 30 });
    expect(() => loadEnv({ SESSION_DAYS: '40' })).toThrow(/SESSION_MAX_DAYS/);
  });
  it('reads the hosts webhooks may reach on private networks, and refuses entries that are not hosts', () => {
    expect(loadEnv({}).WEBHOOK_ALLOWED_HOSTS).toEqual([]);
    expect(loadEnv({ WEBHOOK_ALLOWED_HOSTS: ' 127.0.0.1, Hooks.Internal ,::1,' }).WEBHOOK_ALLOWED_HOSTS).toEqual(['127.0.0.1', 'hooks.internal', '::1']);
    expect(() => loadEnv({ WEBHOOK_ALLOWED_HOSTS: 'http://10.0.0.1:8080' })).toThrow(/WEBHOOK_ALLOWED_HOSTS/);
  });
});
