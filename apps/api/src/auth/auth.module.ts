import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { RateLimiter } from './rate-limiter';
import { WorkspaceDb } from './workspace-db';
import { WorkspacesController } from './workspaces.controller';
import { WorkspacesService } from './workspaces.service';

/** Accounts, sessions, API keys, workspaces and invitations; the guard every route passes; workspace-scoped data access. */
@Module({
  controllers: [AuthController, WorkspacesController, InvitationsController],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    AuthService,
    ApiKeysService,
    WorkspacesService,
    InvitationsService,
    RateLimiter,
    WorkspaceDb,
  ],
  exports: [AuthService, RateLimiter, WorkspaceDb],
})
export class AuthModule {}
