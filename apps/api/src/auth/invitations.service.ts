import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Invitation, Invite, ReceivedInvitation, Role, Workspace } from '@foretell/contracts';
import type { Invitation as InvitationRow, PrismaClient } from '@foretell/db';
import { API_ENV, type ApiEnv } from '../env';
import { PRISMA } from '../infra/infra.module';
import type { Actor } from './actor';
import { lockAsOwner } from './owner-lock';
import { RateLimiter } from './rate-limiter';

/** How long an invitation waits for an answer. */
export const INVITATION_DAYS = 7;
/** The role that invites (any role): an owner demoted below it takes back what it sent (WorkspacesService.setRole). */
export const INVITER_ROLE: Role = 'owner';
const HOUR_SECONDS = 3600;

/**
 * Joining a workspace takes the invitee's consent: an owner invites an e-mail, and the holder of that e-mail's account
 * accepts or declines after signing in. The owner's answer is the same whether or not the e-mail has an account, so
 * inviting tells nobody who is registered; there is no e-mail delivery, so nothing secret goes back to the owner.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(API_ENV) private readonly env: ApiEnv,
    private readonly limiter: RateLimiter,
  ) {}

  /**
   * Inviting an e-mail again renews its invitation (role and expiry). Members are visible to owners: 409 for them.
   * Each user sends at most INVITATIONS_PER_HOUR (429), and a workspace holds at most INVITATIONS_PENDING_MAX (409).
   */
  async invite(actor: Actor, body: Invite): Promise<Invitation> {
    await this.limiter.hit(`invite:${actor.userId ?? actor.apiKeyId}`, this.env.INVITATIONS_PER_HOUR, HOUR_SECONDS, 'invitations sent by you');
    const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
    const row = await this.prisma.$transaction(async (tx) => {
      // Under the workspace lock: parallel invitations are counted one after the other, so a burst cannot pass the cap.
      await lockAsOwner(tx, actor);
      const member = await tx.membership.findFirst({ where: { workspaceId: actor.workspaceId, user: { email: body.email } } });
      if (member) throw new ConflictException(`${body.email} is a member already (${member.role}): change their role in the list instead.`);
      await tx.invitation.deleteMany({ where: { expiresAt: { lte: new Date() } } });
      const others = await tx.invitation.count({ where: { workspaceId: actor.workspaceId, email: { not: body.email } } });
      if (others >= this.env.INVITATIONS_PENDING_MAX) {
        throw new ConflictException(
          `This workspace has ${others} pending invitations, the most it may hold: revoke those no longer needed (DELETE /api/members/invitations/:invitationId) or wait for answers before inviting more.`,
        );
      }
      return tx.invitation.upsert({
        where: { workspaceId_email: { workspaceId: actor.workspaceId, email: body.email } },
        create: { workspaceId: actor.workspaceId, email: body.email, role: body.role, invitedById: actor.userId, expiresAt },
        update: { role: body.role, invitedById: actor.userId, createdAt: new Date(), expiresAt },
      });
    });
    return toInvitation(row);
  }

  /** The workspace's pending invitations (for its owners). */
  async pending(actor: Actor): Promise<Invitation[]> {
    const rows = await this.prisma.invitation.findMany({
      where: { workspaceId: actor.workspaceId, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: 'desc' },
    });
    return rows.map(toInvitation);
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    const { count } = await this.prisma.invitation.deleteMany({ where: { id, workspaceId: actor.workspaceId } });
    if (count === 0) throw new NotFoundException(`No invitation ${id} in this workspace.`);
  }

  /** The signed-in user's pending invitations, to any workspace (an API key has none). */
  async received(actor: Actor): Promise<ReceivedInvitation[]> {
    const email = await this.emailOf(actor);
    if (!email) return [];
    const rows = await this.prisma.invitation.findMany({
      where: { email, expiresAt: { gt: new Date() } },
      include: { workspace: true, invitedBy: true },
      orderBy: { createdAt: 'desc' },
    });
    return rows.map((row) => ({
      id: row.id,
      workspace: { id: row.workspace.id, name: row.workspace.name },
      role: row.role,
      invitedBy: row.invitedBy?.email ?? null,
      createdAt: row.createdAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
    }));
  }

  /** Joins the workspace with the invited role; the invitation is used up. */
  async accept(actor: Actor, id: string): Promise<Workspace> {
    return this.prisma.$transaction(async (tx) => {
      const { row, userId } = await this.mine(actor, id, tx);
      // A parallel accept may have used it up since `mine` read it: the loser waits for its row lock, then finds none.
      const { count } = await tx.invitation.deleteMany({ where: { id } });
      if (count === 0) throw new NotFoundException(`Invitation ${id} was already accepted or declined.`);
      const membership = await tx.membership.upsert({
        where: { userId_workspaceId: { userId, workspaceId: row.workspaceId } },
        create: { userId, workspaceId: row.workspaceId, role: row.role },
        update: {},
        include: { workspace: true },
      });
      return { id: membership.workspace.id, name: membership.workspace.name, role: membership.role };
    });
  }

  async decline(actor: Actor, id: string): Promise<void> {
    await this.mine(actor, id, this.prisma);
    await this.prisma.invitation.deleteMany({ where: { id } });
  }

  /** A pending invitation to the caller's e-mail; anyone else's, an expired one or an API key's gets 404. */
  private async mine(actor: Actor, id: string, db: Pick<PrismaClient, 'invitation' | 'user'>): Promise<{ row: InvitationRow; userId: string }> {
    const email = await this.emailOf(actor, db);
    const row = email ? await db.invitation.findFirst({ where: { id, email, expiresAt: { gt: new Date() } } }) : null;
    if (!row || !actor.userId) throw new NotFoundException(`No pending invitation ${id} for you (invitations go to signed-in users, not API keys).`);
    return { row, userId: actor.userId };
  }

  private async emailOf(actor: Actor, db: Pick<PrismaClient, 'user'> = this.prisma): Promise<string | null> {
    if (!actor.userId) return null;
    return (await db.user.findUnique({ where: { id: actor.userId }, select: { email: true } }))?.email ?? null;
  }
}

function toInvitation(row: InvitationRow): Invitation {
  return { id: row.id, email: row.email, role: row.role, createdAt: row.createdAt.toISOString(), expiresAt: row.expiresAt.toISOString() };
}
