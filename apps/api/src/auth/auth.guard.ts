import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AUTH, ROLE_RANK, type Role } from '@foretell/contracts';
import type { IncomingMessage } from 'node:http';
import { IS_PUBLIC, MIN_ROLE, type RequestWithActor } from './actor';
import { AuthService } from './auth.service';
import { readCookies } from './cookies';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What was wrong with the credentials a refused caller sent, in words it can act on. */
function whyRefused(req: IncomingMessage): string {
  if (req.headers.authorization) {
    return 'This API key was not accepted: it is unknown or was revoked, or the header is not "Authorization: Bearer ft_…". An owner can create a key under API keys.';
  }
  if (readCookies(req)[AUTH.sessionCookie]) {
    return 'Your session has ended (signed out, expired, or your access to the workspace was removed): sign in again.';
  }
  return 'Sign in, or send an API key in the Authorization header ("Bearer ft_…").';
}

/**
 * Every route needs a caller (session or API key) unless marked @Public(); reads need a viewer, writes a member, and
 * routes marked @MinRole('owner') an owner. The feature services then see only the caller's workspace (WorkspaceDb).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<IncomingMessage & RequestWithActor>();
    const actor = await this.auth.authenticate(req);
    if (!actor) throw new UnauthorizedException(whyRefused(req));
    const needed: Role = this.reflector.getAllAndOverride<Role>(MIN_ROLE, targets) ?? (READS.has(req.method ?? 'GET') ? 'viewer' : 'member');
    if (ROLE_RANK[actor.role] < ROLE_RANK[needed]) {
      throw new ForbiddenException(`This needs the ${needed} role in the workspace; yours is ${actor.role}. Ask an owner.`);
    }
    req.actor = actor;
    return true;
  }
}
