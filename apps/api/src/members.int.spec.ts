import { describe, expect, it } from 'vitest';
import type { ApiKey, Invitation, Me, RemovedMember } from '@foretell/contracts';
import { createApiKey, sessionHeaders, signIn, type Session } from './testing/accounts';
import { useTestStack } from './testing/test-stack';

const PENDING_MAX = 4;
const PER_HOUR = PENDING_MAX + 2;
let accounts = 0;

/** Removing or demoting a member takes back what they left behind; invitations are capped; sessions of others stay. */
describe('members', () => {
  // A long AUTH_CACHE_MS, so a cached caller must be forgotten on purpose for a revocation to take effect.
  const stack = useTestStack({
    workerEnv: {
      SIGNUP_OPEN: 'true',
      LOGIN_ATTEMPTS: '100', // sign-ups from this machine
      AUTH_CACHE_MS: '120000',
      INVITATIONS_PENDING_MAX: String(PENDING_MAX),
      INVITATIONS_PER_HOUR: String(PER_HOUR),
    },
  });

  const send = (session: Session | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${stack.url}/${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(session && sessionHeaders(session)), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const byKey = (key: string, path: string) => send(null, 'GET', path, undefined, { authorization: `Bearer ${key}` });
  const account = async (name: string) => signIn(stack.url, { email: `${name}-${++accounts}@example.com`, password: `${name} has a long passphrase` });
  const invite = async (from: Session, email: string, role: string) => send(from, 'POST', 'members/invitations', { email, role });

  /** A workspace of `owner` (a fresh account's own) that `joiner` joins with `role`, answering the joiner's session there. */
  async function join(owner: Session, joiner: Session, role: string): Promise<void> {
    const invitation = (await (await invite(owner, joiner.me.user!.email, role)).json()) as Invitation;
    expect((await send(joiner, 'POST', `invitations/${invitation.id}/accept`)).status).toBe(200);
    expect((await send(joiner, 'POST', 'auth/workspace', { workspaceId: owner.me.workspace.id })).status).toBe(200);
  }

  it('removing a member revokes the keys they created and the invitations they sent there, and says how many', async () => {
    const bob = await account('bob');
    const alice = await account('alice');
    const dave = await account('dave');
    await join(bob, alice, 'owner');
    const key = await createApiKey(stack.url, alice);
    const bobsKey = await createApiKey(stack.url, bob);
    expect((await byKey(key, 'auth/me')).status).toBe(200); // cached from now on
    const toDave = (await (await invite(alice, dave.me.user!.email, 'owner')).json()) as Invitation;
    await invite(alice, 'someone@example.com', 'viewer');

    const removed = await send(bob, 'DELETE', `members/${alice.me.user!.id}`);
    expect(removed.status).toBe(200);
    expect((await send(dave, 'POST', `invitations/${toDave.id}/accept`)).status).toBe(404);
    expect((await byKey(key, 'auth/me')).status).toBe(401);
    expect((await byKey(bobsKey, 'auth/me')).status).toBe(200);
    expect(await (await send(bob, 'GET', 'members/invitations')).json()).toEqual([]);
    const answer = (await removed.json()) as RemovedMember;
    expect(answer.revoked).toEqual({ apiKeys: 1, invitations: 2 });
    expect(answer.members.map((m) => m.email)).toEqual([bob.me.user!.email]);

    const keys = (await (await send(bob, 'GET', 'api-keys')).json()) as ApiKey[];
    const byCreator = Object.fromEntries(keys.map((k) => [k.createdBy, k.revokedAt]));
    expect(Object.keys(byCreator).sort()).toEqual([alice.me.user!.email, bob.me.user!.email].sort());
    expect(byCreator[alice.me.user!.email]).not.toBeNull();
    expect(byCreator[bob.me.user!.email]).toBeNull();
  });

  it('an owner removed by another API process, still cached here, can leave no new key or invitation behind', async () => {
    const bob = await account('bob');
    const alice = await account('alice');
    await join(bob, alice, 'owner');
    expect((await send(alice, 'GET', 'members')).status).toBe(200); // cached here as an owner
    await stack.db.prisma.membership.delete({ where: { userId_workspaceId: { userId: alice.me.user!.id, workspaceId: bob.me.workspace.id } } });

    const key = await send(alice, 'POST', 'api-keys', { name: 'left behind', role: 'member' });
    expect(key.status).toBe(403);
    expect(((await key.json()) as { message: string }).message).toMatch(/no longer an owner/);
    expect((await invite(alice, 'left-behind@example.com', 'owner')).status).toBe(403);
    expect(await stack.db.prisma.apiKey.count({ where: { createdById: alice.me.user!.id } })).toBe(0);
    expect(await stack.db.prisma.invitation.count({ where: { invitedById: alice.me.user!.id } })).toBe(0);
  });

  it('a key whose creator account is gone lists its creator as null', async () => {
    const owner = await account('erin');
    await createApiKey(stack.url, owner);
    await stack.db.prisma.apiKey.updateMany({ where: { createdById: owner.me.user!.id }, data: { createdById: null } });
    const keys = (await (await send(owner, 'GET', 'api-keys')).json()) as ApiKey[];
    expect(keys.map((k) => k.createdBy)).toEqual([null]);
  });

  it('removal ends only the removed user\'s sessions on that workspace: the remover stays signed in', async () => {
    const bob = await account('bob');
    const alice = await account('alice');
    await join(bob, alice, 'member');
    for (const s of [bob, alice]) expect((await send(s, 'GET', 'members')).status).toBe(200); // both cached
    expect((await send(bob, 'DELETE', `members/${alice.me.user!.id}`)).status).toBe(200);
    expect((await send(bob, 'GET', 'members')).status).toBe(200);
    expect((await send(bob, 'GET', 'auth/me')).status).toBe(200);
    expect(await stack.db.prisma.session.count({ where: { userId: bob.me.user!.id } })).toBe(1);
    expect((await send(alice, 'GET', 'members')).status).toBe(401);
  });

  it('demoting an owner withdraws the invitations they sent (only owners invite), not the other owners\'', async () => {
    const bob = await account('bob');
    const alice = await account('alice');
    const dave = await account('dave');
    await join(bob, alice, 'owner');
    const fromAlice = (await (await invite(alice, dave.me.user!.email, 'owner')).json()) as Invitation;
    const fromBob = (await (await invite(bob, 'kept@example.com', 'member')).json()) as Invitation;
    expect((await send(bob, 'PATCH', `members/${alice.me.user!.id}`, { role: 'member' })).status).toBe(200);
    expect((await send(dave, 'POST', `invitations/${fromAlice.id}/accept`)).status).toBe(404);
    const pending = (await (await send(bob, 'GET', 'members/invitations')).json()) as Invitation[];
    expect(pending.map((i) => i.id)).toEqual([fromBob.id]);
  });

  for (const how of ['removed by another owner', 'leaving as an owner'] as const) {
    it(`a user left with no workspace (${how}) signs in to a new workspace of their own and can accept an invitation back`, async () => {
      const alice = await account('alice');
      const bob = await account('bob');
      const team = alice.me.workspace;
      await join(alice, bob, 'owner');
      const leaver = how === 'leaving as an owner' ? alice : bob;
      expect((await send(leaver, 'DELETE', `members/${alice.me.user!.id}`)).status).toBe(200);

      const again = await signIn(stack.url, { email: alice.me.user!.email, password: 'alice has a long passphrase' }, true);
      expect(again.me.workspace).toMatchObject({ name: `${alice.me.user!.email.split('@')[0]}'s workspace`, role: 'owner' });
      expect(again.me.workspaces.map((w) => w.id)).toEqual([again.me.workspace.id]);
      expect(again.me.workspace.id).not.toBe(team.id);

      const invitation = (await (await invite(bob, alice.me.user!.email, 'member')).json()) as Invitation;
      const received = (await (await send(again, 'GET', 'invitations')).json()) as { id: string }[];
      expect(received.map((i) => i.id)).toEqual([invitation.id]);
      expect((await send(again, 'POST', `invitations/${invitation.id}/accept`)).status).toBe(200);
      const me = (await (await send(again, 'GET', 'auth/me')).json()) as Me;
      expect(me.workspaces.map((w) => [w.id, w.role])).toEqual([[again.me.workspace.id, 'owner'], [team.id, 'member']]);
    });
  }

  it('a key acts at most with its creator\'s current role: demoted to viewer, their member key only reads', async () => {
    const bob = await account('bob');
    const alice = await account('alice');
    await join(bob, alice, 'owner');
    const key = await createApiKey(stack.url, alice, 'member');
    // A write the member role passes (the body is then refused as invalid) and the viewer role does not.
    const write = () => send(null, 'POST', 'runs', {}, { authorization: `Bearer ${key}` });
    expect((await write()).status).toBe(400); // cached from now on, as a member

    expect((await send(bob, 'PATCH', `members/${alice.me.user!.id}`, { role: 'viewer' })).status).toBe(200);
    const refused = await write();
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toMatch(/needs the member role.*yours is viewer/);
    expect(((await (await byKey(key, 'auth/me')).json()) as Me).workspace.role).toBe('viewer');

    expect((await send(bob, 'PATCH', `members/${alice.me.user!.id}`, { role: 'owner' })).status).toBe(200);
    expect((await write()).status).toBe(400);
    expect(((await (await byKey(key, 'auth/me')).json()) as Me).workspace.role).toBe('member');
  });

  it('caps the pending invitations of a workspace (409) and the invitations one user sends per hour (429)', async () => {
    const owner = await account('grace');
    for (let i = 0; i < PENDING_MAX; i++) expect((await invite(owner, `invitee-${i}@example.com`, 'viewer')).status).toBe(202);
    const full = await invite(owner, 'one-more@example.com', 'viewer');
    expect(full.status).toBe(409);
    expect(((await full.json()) as { message: string }).message).toMatch(/pending invitations.*revoke/);
    // Renewing a pending one adds none, so it passes the cap.
    expect((await invite(owner, 'invitee-0@example.com', 'member')).status).toBe(202);

    // Refused attempts count too: PENDING_MAX + 2 = PER_HOUR sent, so the next one is refused whatever the cap.
    const limited = await invite(owner, 'invitee-1@example.com', 'member');
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { message: string }).message).toMatch(/Too many invitations.*try again in \d+ minute/);
  });

  it('counts parallel invitations against the cap one after the other', async () => {
    const owner = await account('heidi');
    const statuses = await Promise.all(Array.from({ length: PER_HOUR }, (_, i) => invite(owner, `parallel-${i}@example.com`, 'viewer').then((r) => r.status)));
    expect(statuses.filter((s) => s === 202)).toHaveLength(PENDING_MAX);
    expect(statuses.filter((s) => s !== 202)).toEqual(Array(PER_HOUR - PENDING_MAX).fill(409));
  });
});
