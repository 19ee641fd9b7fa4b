import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Invitation } from '@foretell/contracts';
import { connectDatabase, createTestDatabase } from '@foretell/db';
import { createApiApp } from './create-app';
import { loadEnv } from './env';
import { createApiKey, sessionHeaders, signIn, type Session } from './testing/accounts';
import { useTestStack } from './testing/test-stack';

const ALICE = { email: 'alice@example.com', password: 'alice has a long passphrase' };
const BOB = { email: 'bob@example.com', password: 'bob has a long passphrase too' };
const DAY_MS = 86_400_000;

/** Invitations instead of silent additions; password change and sign-out everywhere; sessions that expire; sign-in limits. */
describe('accounts', () => {
  // A long AUTH_CACHE_MS, so a sign-in stays cached for the whole file and the tests see what clears it.
  const stack = useTestStack({ workerEnv: { SIGNUP_OPEN: 'true', AUTH_CACHE_MS: '120000', LOGIN_ATTEMPTS_PER_ACCOUNT: '16' } });
  let alice: Session;

  beforeAll(async () => {
    alice = await signIn(stack.url, ALICE);
  });

  const send = (session: Session | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${stack.url}/${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(session && sessionHeaders(session)), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    fetch(`${stack.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email, password }) });

  describe('invitations', () => {
    it('answers the same whatever the e-mail, and adds no one until they accept', async () => {
      const invitee = await signIn(stack.url, { ...BOB, name: 'Bob Secret-Name' });
      const workspace = stack.owner.me.workspace.id;
      const toAccount = await send(stack.owner, 'POST', 'members/invitations', { email: BOB.email, role: 'viewer' });
      const toNobody = await send(stack.owner, 'POST', 'members/invitations', { email: 'nobody@example.com', role: 'viewer' });
      expect([toAccount.status, toNobody.status]).toEqual([202, 202]);
      const [a, b] = [(await toAccount.json()) as Invitation, (await toNobody.json()) as Invitation];
      expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
      expect(JSON.stringify(a)).not.toContain('Secret-Name');
      expect(a).toMatchObject({ email: BOB.email, role: 'viewer' });

      // Nothing changed for Bob yet: not a member, and the workspace answers him 404.
      const members = (await (await send(stack.owner, 'GET', 'members')).json()) as { email: string }[];
      expect(members.map((m) => m.email)).not.toContain(BOB.email);
      expect((await send(invitee, 'POST', 'auth/workspace', { workspaceId: workspace })).status).toBe(404);

      // The owner sees both pending; Bob sees his own only, and accepts it.
      const pending = (await (await send(stack.owner, 'GET', 'members/invitations')).json()) as { email: string }[];
      expect(pending.map((p) => p.email).sort()).toEqual([BOB.email, 'nobody@example.com']);
      const mine = (await (await send(invitee, 'GET', 'invitations')).json()) as { id: string; workspace: { id: string }; role: string }[];
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ id: a.id, workspace: { id: workspace }, role: 'viewer' });
      // Another user cannot accept Bob's invitation.
      expect((await send(alice, 'POST', `invitations/${a.id}/accept`)).status).toBe(404);
      expect((await send(invitee, 'POST', `invitations/${a.id}/accept`)).status).toBe(200);
      const after = (await (await send(stack.owner, 'GET', 'members')).json()) as { email: string; role: string }[];
      expect(after.find((m) => m.email === BOB.email)?.role).toBe('viewer');
      expect((await send(invitee, 'GET', 'invitations')).status).toBe(200);
      expect(await (await send(invitee, 'GET', 'invitations')).json()).toEqual([]);
      expect(((await (await send(stack.owner, 'GET', 'members/invitations')).json()) as unknown[]).length).toBe(1);
      // A member already: inviting again says so (the owner sees the members list anyway).
      expect((await send(stack.owner, 'POST', 'members/invitations', { email: BOB.email, role: 'member' })).status).toBe(409);
    });

    it('lets the invitee decline, the owner revoke, and lets invitations expire', async () => {
      const invite = async (email: string) => (await (await send(stack.owner, 'POST', 'members/invitations', { email, role: 'member' })).json()) as { id: string };
      const declined = await invite(ALICE.email);
      expect((await send(alice, 'POST', `invitations/${declined.id}/decline`)).status).toBe(204);
      expect(await (await send(alice, 'GET', 'invitations')).json()).toEqual([]);

      const revoked = await invite(ALICE.email);
      expect((await send(stack.owner, 'DELETE', `members/invitations/${revoked.id}`)).status).toBe(204);
      expect((await send(alice, 'POST', `invitations/${revoked.id}/accept`)).status).toBe(404);

      const expired = await invite(ALICE.email);
      await stack.db.prisma.invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      expect(await (await send(alice, 'GET', 'invitations')).json()).toEqual([]);
      expect((await send(alice, 'POST', `invitations/${expired.id}/accept`)).status).toBe(404);
      const pending = (await (await send(stack.owner, 'GET', 'members/invitations')).json()) as { id: string }[];
      expect(pending.map((p) => p.id)).not.toContain(expired.id);
      const members = (await (await send(stack.owner, 'GET', 'members')).json()) as { email: string }[];
      expect(members.map((m) => m.email)).not.toContain(ALICE.email);
    });
  });

  describe('sessions', () => {
    it('changes the password with the current one, and ends every other session of that user', async () => {
      const account = { email: 'carol@example.com', password: 'carol has a long passphrase' };
      const here = await signIn(stack.url, account);
      const there = await signIn(stack.url, account, true);
      expect((await send(there, 'GET', 'auth/me')).status).toBe(200); // cached from now on

      const same = await send(here, 'POST', 'auth/password', { currentPassword: account.password, newPassword: account.password });
      expect(same.status).toBe(400);
      expect(((await same.json()) as { message: string }).message).toMatch(/newPassword: must differ from currentPassword/);
      expect((await send(there, 'GET', 'auth/me')).status).toBe(200);

      const wrong = await send(here, 'POST', 'auth/password', { currentPassword: 'not the password', newPassword: 'a brand new passphrase' });
      expect(wrong.status).toBe(403);
      expect((await send(there, 'GET', 'auth/me')).status).toBe(200);

      const changed = await send(here, 'POST', 'auth/password', { currentPassword: account.password, newPassword: 'a brand new passphrase' });
      expect(changed.status).toBe(204);
      expect((await send(there, 'GET', 'auth/me')).status).toBe(401);
      expect((await send(here, 'GET', 'auth/me')).status).toBe(200);
      expect((await login(account.email, account.password)).status).toBe(401);
      expect((await login(account.email, 'a brand new passphrase')).status).toBe(200);
    });

    it('signs out everywhere: every session of the user ends', async () => {
      const account = { email: 'dave@example.com', password: 'dave has a long passphrase' };
      const here = await signIn(stack.url, account);
      const there = await signIn(stack.url, account, true);
      for (const s of [here, there]) expect((await send(s, 'GET', 'auth/me')).status).toBe(200);
      expect((await send(here, 'POST', 'auth/logout-all')).status).toBe(204);
      for (const s of [here, there]) expect((await send(s, 'GET', 'auth/me')).status).toBe(401);
      expect(await stack.db.prisma.session.count({ where: { user: { email: account.email } } })).toBe(0);
    });

    it('ends a session idle for SESSION_DAYS or older than SESSION_MAX_DAYS, and slides the idle expiry on use', async () => {
      const env = loadEnv(stack.env);
      const account = { email: 'erin@example.com', password: 'erin has a long passphrase' };
      const sliding = await signIn(stack.url, account);
      const userId = sliding.me.user!.id;
      const [session] = await stack.db.prisma.session.findMany({ where: { userId } });
      expect(session!.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + env.SESSION_DAYS * DAY_MS);
      await stack.db.prisma.session.update({ where: { id: session!.id }, data: { expiresAt: new Date(Date.now() + 60_000) } });
      expect((await send(sliding, 'GET', 'auth/me')).status).toBe(200);
      const renewed = await stack.db.prisma.session.findUniqueOrThrow({ where: { id: session!.id } });
      expect(renewed.expiresAt.getTime()).toBeGreaterThan(Date.now() + env.SESSION_DAYS * DAY_MS - 60_000);

      const old = await signIn(stack.url, account, true);
      await stack.db.prisma.session.updateMany({
        where: { userId, id: { not: session!.id } },
        data: { createdAt: new Date(Date.now() - (env.SESSION_MAX_DAYS + 1) * DAY_MS) },
      });
      expect((await send(old, 'GET', 'auth/me')).status).toBe(401);
    });

    it('logout ends only the caller: another cached sign-in survives, and an API key is told logout is not for keys', async () => {
      const account = { email: 'frank@example.com', password: 'frank has a long passphrase' };
      const bystander = await signIn(stack.url, account);
      expect((await send(bystander, 'GET', 'auth/me')).status).toBe(200);
      // Another API process signs the bystander out: this one keeps trusting its cache for AUTH_CACHE_MS.
      await stack.db.prisma.session.deleteMany({ where: { userId: bystander.me.user!.id } });

      const other = await signIn(stack.url, account, true);
      expect((await send(other, 'POST', 'auth/logout')).status).toBe(204);
      expect((await send(other, 'GET', 'auth/me')).status).toBe(401);
      expect((await send(bystander, 'GET', 'auth/me')).status).toBe(200);

      const key = await createApiKey(stack.url, alice);
      const byKey = await send(null, 'POST', 'auth/logout', undefined, { authorization: `Bearer ${key}` });
      expect(byKey.status).toBe(400);
      expect(((await byKey.json()) as { message: string }).message).toMatch(/API key/);
      expect((await send(null, 'GET', 'auth/me', undefined, { authorization: `Bearer ${key}` })).status).toBe(200);
      expect((await send(bystander, 'GET', 'auth/me')).status).toBe(200);
    });
  });

  describe('failed sign-ins', () => {
    it('gives a parallel burst of wrong passwords from many addresses at most LOGIN_ATTEMPTS_PER_ACCOUNT tries', async () => {
      const limit = loadEnv(stack.env).LOGIN_ATTEMPTS_PER_ACCOUNT;
      const statuses = await Promise.all(
        Array.from({ length: limit + 8 }, (_, i) => login(ALICE.email, `wrong guess ${i}`, { 'x-forwarded-for': `198.51.100.${i}` }).then((r) => r.status)),
      );
      expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(limit);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(8);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    }, 60_000);

    it('keys the per-address limit on the client a trusted proxy names, not on the proxy', async () => {
      const limit = loadEnv(stack.env).LOGIN_ATTEMPTS;
      const from = (address: string) => ({ 'x-forwarded-for': address });
      for (let i = 0; i < limit; i++) expect((await login(`guess-${i}@example.com`, 'wrong', from('203.0.113.7'))).status).toBe(401);
      const locked = await login('one-more@example.com', 'wrong', from('203.0.113.7'));
      expect(locked.status).toBe(429);
      // Someone else at that address is told it is the address, not their own failures (an office behind one NAT).
      expect(((await locked.json()) as { message: string }).message).toMatch(/^Too many failed sign-ins from this network address \(anyone's\): try again in \d+ minute/);
      // The client put a forged entry first; the proxy appended the address it saw: still the locked-out client.
      expect((await login('one-more@example.com', 'wrong', from('192.0.2.1, 203.0.113.7'))).status).toBe(429);
      // Everyone else behind the same proxy still signs in.
      expect((await login('someone-else@example.com', 'wrong', from('203.0.113.8'))).status).toBe(401);
      expect((await login(ALICE.email, ALICE.password, from('203.0.113.9'))).status).toBe(429); // Alice's own e-mail is locked by the burst
      expect((await login(BOB.email, BOB.password, from('203.0.113.9'))).status).toBe(200);
    }, 60_000);

    it('lets the owner of an e-mail sign in while another address fails on it (no lockout by one attacker)', async () => {
      const limit = loadEnv(stack.env).LOGIN_ATTEMPTS;
      const from = (address: string) => ({ 'x-forwarded-for': address });
      for (let i = 0; i < limit; i++) expect((await login(BOB.email, `wrong ${i}`, from('198.18.0.1'))).status).toBe(401);
      expect((await login(BOB.email, BOB.password, from('198.18.0.1'))).status).toBe(429);
      expect((await login(BOB.email, BOB.password, from('198.18.0.2'))).status).toBe(200);
    }, 60_000);

    it('ignores X-Forwarded-For from a peer it does not trust', async () => {
      // Rate buckets of its own (another prefix), so the other tests' sign-ins from this machine do not count here.
      const env = { ...stack.env, PORT: '0', TRUST_PROXY: 'false', QUEUE_PREFIX: `${stack.env.QUEUE_PREFIX}-untrusted` };
      const app: INestApplication = await createApiApp(loadEnv(env));
      await app.listen(0, '127.0.0.1');
      try {
        const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/auth/login`;
        const limit = loadEnv(stack.env).LOGIN_ATTEMPTS;
        const attempt = (i: number) =>
          fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': `192.0.2.${i}` },
            body: JSON.stringify({ email: `forger-${i}@example.com`, password: 'wrong' }),
          }).then((r) => r.status);
        // Every request names another address, yet all come from this socket: the limit holds after `limit` failures.
        const statuses: number[] = [];
        for (let i = 0; i < limit + 2; i++) statuses.push(await attempt(i));
        expect(statuses.slice(0, limit)).toEqual(Array(limit).fill(401));
        expect(statuses.slice(limit)).toEqual([429, 429]);
      } finally {
        await app.close();
      }
    }, 60_000);
  });

  it('counts uploads per user too: new workspaces do not lift the hourly limit', async () => {
    const app: INestApplication = await createApiApp(loadEnv({ ...stack.env, UPLOADS_PER_HOUR: '2', PORT: '0' }));
    await app.listen(0, '127.0.0.1');
    try {
      const api = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api`;
      const carol = await signIn(api, { email: 'uploader@example.com', password: 'uploader has a long passphrase' });
      const upload = async () => {
        const form = new FormData();
        form.append('file', new Blob(['date,value\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n']), 'tiny.csv');
        return (await fetch(`${api}/datasets`, { method: 'POST', headers: sessionHeaders(carol), body: form })).status;
      };
      expect([await upload(), await upload()].every((s) => s === 201 || s === 202)).toBe(true);
      expect(await upload()).toBe(429);
      const created = await fetch(`${api}/workspaces`, {
        method: 'POST',
        headers: { ...sessionHeaders(carol), 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'fresh start' }),
      });
      expect(created.status).toBe(201);
      const workspaceId = ((await created.json()) as { id: string }).id;
      const switched = await fetch(`${api}/auth/workspace`, {
        method: 'POST',
        headers: { ...sessionHeaders(carol), 'content-type': 'application/json' },
        body: JSON.stringify({ workspaceId }),
      });
      expect(switched.status).toBe(200);
      expect(await upload()).toBe(429);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('counts uploads per API key and per user before the workspace, so one caller cannot use up a workspace\'s uploads', async () => {
    const app: INestApplication = await createApiApp(loadEnv({ ...stack.env, UPLOADS_PER_HOUR: '2', UPLOADS_PER_WORKSPACE_HOUR: '3', PORT: '0' }));
    await app.listen(0, '127.0.0.1');
    try {
      const api = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api`;
      const owner = await signIn(api, { email: 'team-owner@example.com', password: 'team owner has a long passphrase' });
      const memberKey = await createApiKey(api, owner, 'member');
      const upload = async (headers: Record<string, string>) => {
        const form = new FormData();
        form.append('file', new Blob(['date,value\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n']), 'tiny.csv');
        const response = await fetch(`${api}/datasets`, { method: 'POST', headers, body: form });
        return { status: response.status, message: ((await response.json()) as { message?: string }).message };
      };
      const asKey = { authorization: `Bearer ${memberKey}` };
      expect([(await upload(asKey)).status, (await upload(asKey)).status].every((s) => s === 201 || s === 202)).toBe(true);
      // The key's own limit, however often it tries: its refused attempts do not count against the workspace.
      for (let i = 0; i < 4; i++) expect(await upload(asKey)).toEqual({ status: 429, message: expect.stringMatching(/uploads with this API key this hour/) });
      expect([201, 202]).toContain((await upload(sessionHeaders(owner))).status);
      // The workspace's limit (3) is then reached by the two callers together.
      expect(await upload(sessionHeaders(owner))).toEqual({ status: 429, message: expect.stringMatching(/uploads in this workspace this hour/) });
    } finally {
      await app.close();
    }
  }, 60_000);

  it('lets only one of parallel first sign-ups through when sign-up is closed after the first account', async () => {
    const fresh = await createTestDatabase('foretell_it_signup', { serverUrl: process.env.TEST_DATABASE_URL });
    const app: INestApplication = await createApiApp(loadEnv({ ...stack.env, DATABASE_URL: fresh.url, SIGNUP_OPEN: 'false', PORT: '0' }));
    await app.listen(0, '127.0.0.1');
    try {
      const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api/auth/signup`;
      const statuses = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': `192.0.2.${i}` },
            body: JSON.stringify({ email: `first-${i}@example.com`, password: 'a long enough passphrase' }),
          }).then((r) => r.status),
        ),
      );
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s !== 201)).toEqual(Array(5).fill(403));
      const counted = connectDatabase(fresh.url);
      try {
        expect([await counted.prisma.user.count(), await counted.prisma.workspace.count()]).toEqual([1, 1]);
      } finally {
        await counted.close();
      }
    } finally {
      await app.close();
      await fresh.drop();
    }
  }, 60_000);
});
