import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@foretell/contracts';

/** Who makes a request, established by the auth guard: a signed-in user or an API key, in one workspace. */
export interface Actor {
  workspaceId: string;
  role: Role;
  userId: string | null;
  apiKeyId: string | null;
  /** The session, for requests authenticated by cookie. */
  sessionId: string | null;
}

export type RequestWithActor = { actor?: Actor };

/** The request's actor (routes behind the guard always have one). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new Error('CurrentActor used on a public route.');
  return actor;
});

export const IS_PUBLIC = 'foretell:public';
/** Open to anyone: health, sign-up, sign-in. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const MIN_ROLE = 'foretell:min-role';
/**
 * The least role a route needs. Without it, reads need a viewer and writes (POST, PUT, PATCH, DELETE) a member.
 */
export const MinRole = (role: Role) => SetMetadata(MIN_ROLE, role);
