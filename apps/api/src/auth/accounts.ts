import type { Membership, PrismaClient, User } from '@foretell/db';
import type { Signup } from '@foretell/contracts';
import { hashPassword } from './secrets';

export class AccountExistsError extends Error {
  override name = 'AccountExistsError';
}

export class SignupClosedError extends Error {
  override name = 'SignupClosedError';
  constructor() {
    super('Sign-up is closed on this installation: ask a workspace owner to invite you.');
  }
}

/**
 * Creates a user and a workspace they own. The installation's first account also takes over the workspace that holds
 * data from before accounts existed, if there is one. Serialised by an advisory lock, so two first sign-ups at once
 * cannot both become "first". Used by sign-up and by the setup command.
 */
export async function createAccount(prisma: PrismaClient, input: Signup, { onlyFirst = false } = {}) {
  const passwordHash = await hashPassword(input.password);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('foretell:accounts'))`;
    if (await tx.user.findUnique({ where: { email: input.email } })) {
      throw new AccountExistsError(`An account for ${input.email} exists already: sign in instead.`);
    }
    const first = (await tx.user.count()) === 0;
    // Decided under the lock: parallel sign-ups on a fresh installation must not all be "the first".
    if (onlyFirst && !first) throw new SignupClosedError();
    const user = await tx.user.create({ data: { email: input.email, name: input.name ?? null, passwordHash } });
    const orphan = first
      ? await tx.workspace.findFirst({ where: { memberships: { none: {} } }, orderBy: { createdAt: 'asc' } })
      : null;
    const workspace = orphan ?? (await tx.workspace.create({ data: { name: input.workspaceName ?? ownWorkspaceName(user) } }));
    await tx.membership.create({ data: { userId: user.id, workspaceId: workspace.id, role: 'owner' } });
    return { user, workspace, first };
  });
}

/**
 * The user's first membership; a user who belongs to no workspace (removed from their last one, or an owner who left
 * it) gets a new one of their own, as at sign-up, so they can sign in and answer the invitations waiting for them
 * (any user may create workspaces). The user row is locked, so parallel sign-ins create one.
 */
export async function firstMembership(prisma: PrismaClient, user: Pick<User, 'id' | 'email' | 'name'>): Promise<Membership> {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${user.id}::uuid FOR UPDATE`;
    const first = await tx.membership.findFirst({ where: { userId: user.id }, orderBy: { createdAt: 'asc' } });
    if (first) return first;
    return tx.membership.create({ data: { role: 'owner', user: { connect: { id: user.id } }, workspace: { create: { name: ownWorkspaceName(user) } } } });
  });
}

function ownWorkspaceName(user: Pick<User, 'email' | 'name'>): string {
  return `${user.name ?? user.email.split('@')[0]}'s workspace`;
}
