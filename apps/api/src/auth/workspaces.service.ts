import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { ROLE_RANK, type Member, type RemovedMember, type Role, type Workspace } from '@foretell/contracts';
import type { PrismaClient } from '@foretell/db';
import { PRISMA } from '../infra/infra.module';
import type { Actor } from './actor';
import { AuthService } from './auth.service';
import { INVITER_ROLE } from './invitations.service';
import type { Tx } from './owner-lock';

/** Workspaces and their members. Owners manage members (who join by invitation); a workspace always keeps an owner. */
@Injectable()
export class WorkspacesService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly auth: AuthService,
  ) {}

  async create(actor: Actor, name: string): Promise<Workspace> {
    if (!actor.userId) throw new BadRequestException('Workspaces are created by signed-in users, not API keys.');
    const workspace = await this.prisma.workspace.create({
      data: { name, memberships: { create: { userId: actor.userId, role: 'owner' } } },
    });
    return { id: workspace.id, name: workspace.name, role: 'owner' };
  }

  async members(actor: Actor): Promise<Member[]> {
    const rows = await this.prisma.membership.findMany({
      where: { workspaceId: actor.workspaceId },
      include: { user: true },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map((m) => ({ userId: m.userId, email: m.user.email, name: m.user.name, role: m.role, createdAt: m.createdAt.toISOString() }));
  }

  /**
   * A role below INVITER_ROLE may grant none: the member's pending invitations here are withdrawn with the demotion.
   * The keys they created act at most with their new role (AuthService.fromApiKey): cached ones are forgotten.
   */
  async setRole(actor: Actor, userId: string, role: Role): Promise<Member[]> {
    const workspaceId = actor.workspaceId;
    const { count } = await this.prisma.$transaction(async (tx) => {
      await keepAnOwner(tx, workspaceId, userId, role);
      const updated = await tx.membership.updateMany({ where: { userId, workspaceId }, data: { role } });
      if (ROLE_RANK[role] < ROLE_RANK[INVITER_ROLE]) await tx.invitation.deleteMany({ where: { invitedById: userId, workspaceId } });
      return updated;
    });
    if (count === 0) throw new NotFoundException(`No member ${userId} in this workspace.`);
    this.auth.forgetCallers({ userId, workspaceId });
    const keys = await this.prisma.apiKey.findMany({ where: { createdById: userId, workspaceId }, select: { id: true } });
    for (const { id } of keys) this.auth.forgetCallers({ apiKeyId: id });
    return this.members(actor);
  }

  /**
   * Removes a member (an owner removing themself leaves) with what they left behind here: the API keys they created
   * are revoked and their pending invitations withdrawn, in the same transaction. Only their sessions on this
   * workspace end; the remover's and everyone else's stay.
   */
  async removeMember(actor: Actor, userId: string): Promise<RemovedMember> {
    const workspaceId = actor.workspaceId;
    const { count, keyIds, invitations } = await this.prisma.$transaction(async (tx) => {
      await keepAnOwner(tx, workspaceId, userId, null);
      const removed = await tx.membership.deleteMany({ where: { userId, workspaceId } });
      const keys = await tx.apiKey.findMany({ where: { createdById: userId, workspaceId, revokedAt: null }, select: { id: true } });
      await tx.apiKey.updateMany({ where: { id: { in: keys.map((k) => k.id) } }, data: { revokedAt: new Date() } });
      const withdrawn = await tx.invitation.deleteMany({ where: { invitedById: userId, workspaceId } });
      await tx.session.deleteMany({ where: { userId, workspaceId } });
      return { count: removed.count, keyIds: keys.map((k) => k.id), invitations: withdrawn.count };
    });
    if (count === 0) throw new NotFoundException(`No member ${userId} in this workspace.`);
    this.auth.forgetCallers({ userId, workspaceId });
    for (const apiKeyId of keyIds) this.auth.forgetCallers({ apiKeyId });
    return { members: await this.members(actor), revoked: { apiKeys: keyIds.length, invitations } };
  }
}

/**
 * Refuses to demote or remove the last owner. The workspace row is locked until the caller's transaction ends, so two
 * owners demoting each other at once are checked one after the other (otherwise both see two owners and none is left).
 */
async function keepAnOwner(tx: Tx, workspaceId: string, userId: string, role: Role | null): Promise<void> {
  if (role === 'owner') return;
  await tx.$queryRaw`SELECT id FROM "Workspace" WHERE id = ${workspaceId}::uuid FOR UPDATE`;
  const owners = await tx.membership.findMany({ where: { workspaceId, role: 'owner' } });
  if (owners.length === 1 && owners[0]!.userId === userId) {
    throw new ConflictException('A workspace needs an owner: make someone else owner first.');
  }
}
