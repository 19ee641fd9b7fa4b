import { ForbiddenException } from '@nestjs/common';
import type { PrismaClient } from '@foretell/db';
import type { Actor } from './actor';

/** A Prisma interactive transaction. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Locks the workspace row for the rest of the transaction and checks that the caller is still its owner there. The
 * guard's answer may be cached for AUTH_CACHE_MS in another API process; removal and demotion take the same lock, so
 * a key or an invitation is either made before them (and taken back by them) or refused after.
 */
export async function lockAsOwner(tx: Tx, actor: Actor): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Workspace" WHERE id = ${actor.workspaceId}::uuid FOR UPDATE`;
  const membership = actor.userId
    ? await tx.membership.findUnique({ where: { userId_workspaceId: { userId: actor.userId, workspaceId: actor.workspaceId } } })
    : null;
  if (membership?.role !== 'owner') throw new ForbiddenException('You are no longer an owner of this workspace: ask an owner.');
}
