import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { AUTH, type ApiKey, type CreateApiKey, type CreatedApiKey } from '@foretell/contracts';
import type { ApiKey as ApiKeyRow, PrismaClient, User } from '@foretell/db';
import { PRISMA } from '../infra/infra.module';
import type { Actor } from './actor';
import { AuthService } from './auth.service';
import { lockAsOwner } from './owner-lock';
import { newToken, sha256 } from './secrets';

/** Characters of a key kept in clear (after `ft_`), so users can tell their keys apart. */
const SHOWN_CHARS = 6;

/** API keys of a workspace: created by owners, shown once, stored hashed, revocable, last use recorded. */
@Injectable()
export class ApiKeysService {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly auth: AuthService,
  ) {}

  async create(actor: Actor, body: CreateApiKey): Promise<CreatedApiKey> {
    const key = newToken(AUTH.apiKeyPrefix);
    const row = await this.prisma.$transaction(async (tx) => {
      await lockAsOwner(tx, actor);
      return tx.apiKey.create({
        data: {
          workspaceId: actor.workspaceId,
          name: body.name,
          role: body.role,
          prefix: key.slice(0, AUTH.apiKeyPrefix.length + SHOWN_CHARS),
          keyHash: sha256(key),
          createdById: actor.userId,
        },
        include: { createdBy: true },
      });
    });
    return { ...toApiKey(row), key };
  }

  async list(actor: Actor): Promise<ApiKey[]> {
    const rows = await this.prisma.apiKey.findMany({
      where: { workspaceId: actor.workspaceId },
      include: { createdBy: true },
      orderBy: { createdAt: 'desc' },
    });
    return rows.map(toApiKey);
  }

  async revoke(actor: Actor, id: string): Promise<ApiKey> {
    const row = await this.prisma.apiKey.findFirst({ where: { id, workspaceId: actor.workspaceId }, include: { createdBy: true } });
    if (!row) throw new NotFoundException(`No API key ${id} in this workspace.`);
    const revoked = row.revokedAt
      ? row
      : await this.prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() }, include: { createdBy: true } });
    this.auth.forgetCallers({ apiKeyId: id });
    return toApiKey(revoked);
  }
}

function toApiKey(row: ApiKeyRow & { createdBy: User | null }): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdBy: row.createdBy?.email ?? null,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
