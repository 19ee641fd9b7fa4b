import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUEUES } from '@foretell/contracts';
import { createQueue } from '@foretell/queue';
import { OWNER, sessionHeaders, signIn, type Session } from './testing/accounts';
import { DATASETS, useTestStack } from './testing/test-stack';
import { apiFetch, appendCsv, uploadCsv } from './testing/http';

const AIRLINE = readFileSync(resolve(DATASETS, 'airline-passengers.csv'), 'utf8');
const TRIES = 5;

/** Requests racing each other, as a hostile client sends them: each answers a 2xx or a 4xx the user can act on, never 500. */
describe('races', () => {
  const stack = useTestStack({ workerEnv: { SIGNUP_OPEN: 'true' } });

  const json = (method: string, path: string, body?: unknown) =>
    apiFetch(`${stack.url}/${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const asSession = (session: Session, method: string, path: string, body?: unknown) =>
    fetch(`${stack.url}/${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...sessionHeaders(session) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  /** Status and message of a response; a 4xx must say what happened. */
  const outcome = async (response: Response) => {
    const text = await response.text();
    return { status: response.status, message: text ? (JSON.parse(text) as { message?: unknown }).message : undefined };
  };

  it('deleting a dataset while runs, schedules and appends are created for it answers 404 to those, never 500', async () => {
    const run = { horizon: 12, models: [{ kind: 'naive' }] };
    const answers: { status: number; message?: unknown }[] = [];
    for (let i = 0; i < TRIES; i++) {
      const datasetId = ((await uploadCsv(stack.url, { name: `airline-${i}.csv`, text: AIRLINE })).body as { id: string }).id;
      const racing = [
        ...Array.from({ length: 3 }, () => json('POST', 'runs', { datasetId, ...run }).then(outcome)),
        ...Array.from({ length: 3 }, () => json('POST', 'schedules', { datasetId, everySeconds: 3600, run }).then(outcome)),
        appendCsv(stack.url, datasetId, { name: 'more.csv', text: AIRLINE }).then((r) => ({ status: r.status, message: r.body?.message })),
      ];
      const deleted = json('DELETE', `datasets/${datasetId}`);
      answers.push(...(await Promise.all(racing)));
      expect((await deleted).status).toBe(204);
    }
    for (const answer of answers) {
      expect([200, 201, 202, 404, 409]).toContain(answer.status);
      if (answer.status === 404 || answer.status === 409) expect(String(answer.message)).toMatch(/dataset/i);
    }

    // No job scheduler is left in Redis for a schedule Postgres no longer has (it would keep firing).
    const queue = createQueue(QUEUES.schedules, { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, prefix: stack.env.QUEUE_PREFIX });
    try {
      const schedulerIds = (await queue.getJobSchedulers()).map((s) => s.key);
      const kept = new Set((await stack.db.prisma.schedule.findMany({ select: { id: true } })).map((s) => s.id));
      expect(schedulerIds.filter((id) => !kept.has(id))).toEqual([]);
    } finally {
      await queue.close();
    }
  }, 180_000);

  it('deleting a dataset while its file is still uploading answers 404, never 500', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < TRIES; i++) {
      const uploading = uploadCsv(stack.url, { name: `airline-up-${i}.csv`, text: AIRLINE });
      // Deletes the dataset as soon as the upload created it.
      let deleted = false;
      for (let wait = 0; wait < 200 && !deleted; wait++) {
        const row = await stack.db.prisma.dataset.findFirst({ where: { name: `airline-up-${i}` }, select: { id: true } });
        if (row) deleted = (await json('DELETE', `datasets/${row.id}`)).status === 204;
        else await new Promise((r) => setTimeout(r, 5));
      }
      statuses.push((await uploading).status);
    }
    for (const status of statuses) expect([201, 202, 404]).toContain(status);
  }, 120_000);

  const RIVAL = { email: 'rival@example.com', password: 'the rival has a long passphrase' };
  /** The owner and the rival (a second owner of the owner's workspace), each signed in there. */
  async function twoOwners(workspaceId: string): Promise<Session> {
    const known = await stack.db.prisma.user.findUnique({ where: { email: RIVAL.email } });
    const rival = await signIn(stack.url, RIVAL, Boolean(known));
    for (const userId of [stack.owner.me.user!.id, rival.me.user!.id]) {
      await stack.db.prisma.membership.upsert({
        where: { userId_workspaceId: { userId, workspaceId } },
        create: { userId, workspaceId, role: 'owner' },
        update: { role: 'owner' },
      });
    }
    expect((await asSession(rival, 'POST', 'auth/workspace', { workspaceId })).status).toBe(200);
    // A removal ends the removed one's sessions in the workspace: the owner signs in afresh each try.
    Object.assign(stack.owner, await signIn(stack.url, OWNER, true));
    return rival;
  }

  it.each([
    ['demoting', 'PATCH', { role: 'member' }],
    ['removing', 'DELETE', undefined],
  ] as const)('two owners %s each other at once leave the workspace an owner', async (_verb, method, body) => {
    const workspaceId = stack.owner.me.workspace.id;
    for (let i = 0; i < TRIES; i++) {
      const rival = await twoOwners(workspaceId);
      const [a, b] = await Promise.all([
        asSession(stack.owner, method, `members/${rival.me.user!.id}`, body),
        asSession(rival, method, `members/${stack.owner.me.user!.id}`, body),
      ]);
      const owners = await stack.db.prisma.membership.findMany({ where: { workspaceId, role: 'owner' } });
      expect(owners).toHaveLength(1);
      // The later one finds itself demoted or removed (401/403) or its target the last owner (409).
      const statuses = [a.status, b.status];
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s !== 200).every((s) => s === 401 || s === 403 || s === 409)).toBe(true);
    }
    await twoOwners(workspaceId);
  }, 60_000);

  it('parallel accepts of one invitation: one joins, the others get 404', async () => {
    const invitee = await signIn(stack.url, { email: 'invitee@example.com', password: 'invitee has a passphrase' });
    for (let i = 0; i < TRIES; i++) {
      const invitation = (await (await asSession(stack.owner, 'POST', 'members/invitations', { email: 'invitee@example.com', role: 'member' })).json()) as { id: string };
      const statuses = (await Promise.all(Array.from({ length: 10 }, () => asSession(invitee, 'POST', `invitations/${invitation.id}/accept`)))).map((r) => r.status);
      expect(statuses.filter((s) => s === 200).length).toBe(1);
      expect(statuses.filter((s) => s !== 200).every((s) => s === 404)).toBe(true);
      await stack.db.prisma.membership.deleteMany({ where: { userId: invitee.me.user!.id, workspaceId: stack.owner.me.workspace.id } });
    }
  }, 60_000);
});
