import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import { z } from 'zod';
import {
  createApiKeySchema,
  createWorkspaceSchema,
  idParam,
  updateMemberSchema,
  type ApiKey,
  type CreateApiKey,
  type CreatedApiKey,
  type Member,
  type RemovedMember,
  type Workspace,
} from '@foretell/contracts';
import { CurrentActor, MinRole, type Actor } from './actor';
import { ApiKeysService } from './api-keys.service';
import { WorkspacesService } from './workspaces.service';


/** The caller's workspace: new workspaces, members and API keys. Managing members and keys takes an owner (invitations: InvitationsController). */
@Controller()
export class WorkspacesController {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly keys: ApiKeysService,
  ) {}

  @Post('workspaces')
  @MinRole('viewer')
  create(@CurrentActor() actor: Actor, @Body({ schema: createWorkspaceSchema }) body: z.infer<typeof createWorkspaceSchema>): Promise<Workspace> {
    return this.workspaces.create(actor, body.name);
  }

  @Get('members')
  members(@CurrentActor() actor: Actor): Promise<Member[]> {
    return this.workspaces.members(actor);
  }

  @Patch('members/:userId')
  @MinRole('owner')
  setRole(
    @CurrentActor() actor: Actor,
    @Param('userId', { schema: idParam('a user') }) userId: string,
    @Body({ schema: updateMemberSchema }) body: z.infer<typeof updateMemberSchema>,
  ): Promise<Member[]> {
    return this.workspaces.setRole(actor, userId, body.role);
  }

  @Delete('members/:userId')
  @MinRole('owner')
  removeMember(@CurrentActor() actor: Actor, @Param('userId', { schema: idParam('a user') }) userId: string): Promise<RemovedMember> {
    return this.workspaces.removeMember(actor, userId);
  }

  @Get('api-keys')
  @MinRole('owner')
  listKeys(@CurrentActor() actor: Actor): Promise<ApiKey[]> {
    return this.keys.list(actor);
  }

  @Post('api-keys')
  @MinRole('owner')
  createKey(@CurrentActor() actor: Actor, @Body({ schema: createApiKeySchema }) body: CreateApiKey): Promise<CreatedApiKey> {
    return this.keys.create(actor, body);
  }

  @Delete('api-keys/:id')
  @MinRole('owner')
  revokeKey(@CurrentActor() actor: Actor, @Param('id', { schema: idParam('an API key') }) id: string): Promise<ApiKey> {
    return this.keys.revoke(actor, id);
  }
}
