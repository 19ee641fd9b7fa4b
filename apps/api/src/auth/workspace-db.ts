import { Inject, Injectable } from '@nestjs/common';
import { forWorkspace, type PrismaClient } from '@foretell/db';
import { PRISMA } from '../infra/infra.module';
import type { Actor } from './actor';

/** Scoped clients are cheap but not free to build; a few hundred workspaces' stay cached. */
const CACHE_SIZE = 256;

/** The database as one workspace sees it (see `forWorkspace`): what every feature service reads and writes through. */
@Injectable()
export class WorkspaceDb {
  private readonly clients = new Map<string, PrismaClient>();

  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  for(actor: Pick<Actor, 'workspaceId'>): PrismaClient {
    let client = this.clients.get(actor.workspaceId);
    if (!client) {
      if (this.clients.size >= CACHE_SIZE) this.clients.delete(this.clients.keys().next().value!);
      client = forWorkspace(this.prisma, actor.workspaceId);
      this.clients.set(actor.workspaceId, client);
    }
    return client;
  }
}
