import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Member, Role, Workspace } from '@foretell/contracts';
import type { PrismaClient } from '@foretell/db';
import { PRISMA } from '../infra/infra.module';
import type { Actor } from './actor';
import { AuthService } from './auth.service';

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

  async setRole(actor: Actor, userId: string, role: Role): Promise<Member[]> {
    await this.keepAnOwner(actor, userId, role);
    const { count } = await this.prisma.membership.updateMany({ where: { userId, workspaceId: actor.workspaceId }, data: { role } });
    this.auth.forgetCallers({ userId, workspaceId: actor.workspaceId });
    if (count === 0) throw new NotFoundException(`No member ${userId} in this workspace.`);
    return this.members(actor);
  }

  async removeMember(actor: Actor, userId: string): Promise<Member[]> {
    await this.keepAnOwner(actor, userId, null);
    const { count } = await this.prisma.membership.deleteMany({ where: { userId, workspaceId: actor.workspaceId } });
    if (count === 0) throw new NotFoundException(`No member ${userId} in this workspace.`);
    await this.prisma.session.deleteMany({ where: { userId, workspaceId: actor.workspaceId } });
    this.auth.forgetCallers({ userId, workspaceId: actor.workspaceId });
    return this.members(actor);
  }

  private async keepAnOwner(actor: Actor, userId: string, role: Role | null): Promise<void> {
    if (role === 'owner') return;
    const owners = await this.prisma.membership.findMany({ where: { workspaceId: actor.workspaceId, role: 'owner' } });
    if (owners.length === 1 && owners[0]!.userId === userId) {
      throw new ConflictException('A workspace needs an owner: make someone else owner first.');
    }
  }
}
