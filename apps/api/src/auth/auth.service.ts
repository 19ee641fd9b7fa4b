import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AUTH, ROLE_RANK, type AuthStatus, type ChangePassword, type Login, type Me, type Signup } from '@foretell/contracts';
import type { PrismaClient } from '@foretell/db';
import { API_ENV, type ApiEnv } from '../env';
import { PRISMA } from '../infra/infra.module';
import { AccountExistsError, createAccount, firstMembership, SignupClosedError } from './accounts';
import type { Actor } from './actor';
import { readCookies, setCookie } from './cookies';
import { RateLimiter } from './rate-limiter';
import { hashPassword, newToken, sha256, verifyPassword } from './secrets';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOGIN_WINDOW_SECONDS = 15 * 60;
/** `lastUsedAt` of an API key is written at most this often. */
const KEY_TOUCH_MS = 60_000;
/** A session's idle expiry is moved forward at most this often (a write per session per hour, not per request). */
const SESSION_RENEW_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Verified callers kept at most (the cache is cleared when full: it refills from the next requests). */
const MAX_CALLERS = 10_000;

/** Which cached callers to forget: those whose actor has all of these. */
type CallerMatch = { sessionId: string } | { apiKeyId: string } | { userId: string; workspaceId?: string };

/** Sign-up, sign-in and out, and who a request is (session cookie or API key). */
@Injectable()
export class AuthService {
  private readonly callers = new Map<string, { actor: Actor; expires: number }>();

  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(API_ENV) private readonly env: ApiEnv,
    private readonly limiter: RateLimiter,
  ) {}

  async status(): Promise<AuthStatus> {
    const hasAccounts = (await this.prisma.user.count()) > 0;
    return { hasAccounts, signupOpen: !hasAccounts || this.env.SIGNUP_OPEN };
  }

  /** The first account, or anyone while sign-up is open; signs the new user in. */
  async signup(body: Signup, req: Request, res: ServerResponse): Promise<Me> {
    await this.limiter.hit(`signup:${clientAddress(req)}`, this.env.LOGIN_ATTEMPTS, LOGIN_WINDOW_SECONDS, 'sign-ups from this address');
    const { user, workspace } = await createAccount(this.prisma, body, { onlyFirst: !this.env.SIGNUP_OPEN }).catch((error: unknown) => {
      if (error instanceof AccountExistsError) throw new ConflictException(error.message);
      throw error instanceof SignupClosedError ? new ForbiddenException(error.message) : error;
    });
    await this.startSession(user.id, workspace.id, res);
    return this.me({ userId: user.id, workspaceId: workspace.id, role: 'owner', apiKeyId: null, sessionId: null });
  }

  /**
   * Failed attempts are limited per email from one client address, per client address, and per email from everywhere
   * (a larger allowance: guessing spread over many addresses still stops, while one address failing on purpose cannot
   * lock the account's owner out). The answer never says which was wrong. Each attempt takes its place in every
   * counter before the password is checked and gives it back if right.
   */
  async login(body: Login, req: Request, res: ServerResponse): Promise<Me> {
    const address = clientAddress(req);
    const [byEmailHere, byAddress, byEmail] = await this.reserveAttempts([
      [`login:email-ip:${body.email}:${address}`, this.env.LOGIN_ATTEMPTS, 'failed sign-ins with this e-mail from here'],
      [`login:ip:${address}`, this.env.LOGIN_ATTEMPTS, "failed sign-ins from this network address (anyone's)"],
      [`login:email:${body.email}`, this.env.LOGIN_ATTEMPTS_PER_ACCOUNT, 'failed sign-ins with this e-mail'],
    ]);
    const user = await this.prisma.user.findUnique({ where: { email: body.email } });
    if (!(await verifyPassword(user?.passwordHash ?? null, body.password)) || !user) {
      throw new UnauthorizedException('Email or password is wrong.');
    }
    await Promise.all([this.limiter.reset(byEmailHere), this.limiter.refund(byAddress), this.limiter.refund(byEmail)]);
    const membership = await firstMembership(this.prisma, user);
    await this.startSession(user.id, membership.workspaceId, res);
    return this.me({ userId: user.id, workspaceId: membership.workspaceId, role: membership.role, apiKeyId: null, sessionId: null });
  }

  /** Ends the caller's session (only it: other sessions and cached callers stay). */
  async logout(actor: Actor, res: ServerResponse): Promise<void> {
    const sessionId = signedIn(actor).sessionId;
    await this.prisma.session.deleteMany({ where: { id: sessionId } });
    this.forgetCallers({ sessionId });
    this.clearCookies(res);
  }

  /** Ends every session of the caller's user, on every device ("sign out everywhere"). */
  async logoutEverywhere(actor: Actor, res: ServerResponse): Promise<void> {
    const { userId } = signedIn(actor);
    await this.prisma.session.deleteMany({ where: { userId } });
    this.forgetCallers({ userId });
    this.clearCookies(res);
  }

  /**
   * Sets a new password given the current one, and ends every other session of the user (a thief's included). Wrong
   * current passwords are limited per session as sign-ins are per address, and count as failed sign-ins of that
   * email, so a stolen session cannot guess it at leisure.
   */
  async changePassword(actor: Actor, body: ChangePassword): Promise<void> {
    const { userId, sessionId } = signedIn(actor);
    const user = await this.prisma.user.findUniqueOrThrow({ where: { id: userId } });
    const [bySession, byEmail] = await this.reserveAttempts([
      [`password-change:${sessionId}`, this.env.LOGIN_ATTEMPTS, 'wrong current passwords'],
      [`login:email:${user.email}`, this.env.LOGIN_ATTEMPTS_PER_ACCOUNT, 'failed sign-ins with this e-mail'],
    ]);
    if (!(await verifyPassword(user.passwordHash, body.currentPassword))) {
      throw new ForbiddenException('currentPassword is wrong: the password was not changed.');
    }
    await Promise.all([this.limiter.refund(bySession), this.limiter.refund(byEmail)]);
    const passwordHash = await hashPassword(body.newPassword);
    await this.prisma.$transaction([
      this.prisma.user.update({ where: { id: userId }, data: { passwordHash } }),
      this.prisma.session.deleteMany({ where: { userId, id: { not: sessionId } } }),
    ]);
    this.forgetCallers({ userId });
  }

  async me(actor: Actor): Promise<Me> {
    const [user, key, memberships] = await Promise.all([
      actor.userId ? this.prisma.user.findUnique({ where: { id: actor.userId } }) : null,
      actor.apiKeyId ? this.prisma.apiKey.findUnique({ where: { id: actor.apiKeyId } }) : null,
      actor.userId
        ? this.prisma.membership.findMany({ where: { userId: actor.userId }, include: { workspace: true }, orderBy: { createdAt: 'asc' } })
        : [],
    ]);
    const current = await this.prisma.workspace.findUniqueOrThrow({ where: { id: actor.workspaceId } });
    const workspace = { id: current.id, name: current.name, role: actor.role };
    return {
      user: user && { id: user.id, email: user.email, name: user.name },
      apiKey: key && { id: key.id, name: key.name },
      workspace,
      workspaces: memberships.length ? memberships.map((m) => ({ id: m.workspace.id, name: m.workspace.name, role: m.role })) : [workspace],
    };
  }

  /** The dashboard looks at another of the user's workspaces. */
  async switchWorkspace(actor: Actor, workspaceId: string): Promise<Me> {
    if (!actor.sessionId || !actor.userId) throw new ForbiddenException('An API key belongs to one workspace.');
    const membership = await this.prisma.membership.findUnique({ where: { userId_workspaceId: { userId: actor.userId, workspaceId } } });
    if (!membership) throw new NotFoundException(`No workspace ${workspaceId} of yours.`);
    await this.prisma.session.update({ where: { id: actor.sessionId }, data: { workspaceId } });
    this.forgetCallers({ sessionId: actor.sessionId });
    return this.me({ ...actor, workspaceId, role: membership.role });
  }

  /**
   * Who sends the request: `Authorization: Bearer ft_…` (an API key) or the session cookie. Cookie-authenticated
   * writes must echo the CSRF token in a header, which a page of another site cannot read; keys need not.
   */
  async authenticate(req: IncomingMessage): Promise<Actor | null> {
    const authorization = req.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      return match ? this.trusted(`key:${match[1]!}`, () => this.fromApiKey(match[1]!)) : null;
    }
    const token = readCookies(req)[AUTH.sessionCookie];
    if (!token) return null;
    const actor = await this.trusted(`session:${token}`, () => this.fromSession(token));
    if (actor && !SAFE_METHODS.has(req.method ?? 'GET') && req.headers[AUTH.csrfHeader] !== csrfFor(token)) {
      throw new ForbiddenException(`Missing or wrong CSRF token: send the "${AUTH.csrfCookie}" cookie's value in the ${AUTH.csrfHeader} header.`);
    }
    return actor;
  }

  /**
   * Forgets the verified callers that match, so a revoked key, a sign-out or a changed membership takes effect at
   * once in this process; everyone else stays trusted.
   */
  forgetCallers(match: CallerMatch): void {
    const fields = Object.entries(match) as [keyof Actor, string][];
    for (const [id, { actor }] of this.callers) {
      if (fields.every(([field, value]) => actor[field] === value)) this.callers.delete(id);
    }
  }

  /** A verified caller is trusted for AUTH_CACHE_MS without a query (other API processes see revocations within it). */
  private async trusted(id: string, verify: () => Promise<Actor | null>): Promise<Actor | null> {
    const known = this.callers.get(id);
    if (known && known.expires > Date.now()) return known.actor;
    const actor = await verify();
    if (this.callers.size >= MAX_CALLERS) this.callers.clear();
    if (actor && this.env.AUTH_CACHE_MS > 0) this.callers.set(id, { actor, expires: Date.now() + this.env.AUTH_CACHE_MS });
    return actor;
  }

  /**
   * Takes one attempt in each bucket (name, limit, what it counts, in the refusal's words), all or none: if one refuses
   * (429), the others get theirs back.
   */
  private async reserveAttempts(buckets: [string, number, string][]): Promise<string[]> {
    const taken: string[] = [];
    try {
      for (const [bucket, limit, what] of buckets) {
        await this.limiter.hit(bucket, limit, LOGIN_WINDOW_SECONDS, what);
        taken.push(bucket);
      }
    } catch (error) {
      await Promise.all(taken.map((bucket) => this.limiter.refund(bucket)));
      throw error;
    }
    return buckets.map(([bucket]) => bucket);
  }

  /** A session lives SESSION_DAYS past its last use, and never past SESSION_MAX_DAYS after sign-in. */
  private async fromSession(token: string): Promise<Actor | null> {
    const session = await this.prisma.session.findUnique({ where: { tokenHash: sha256(token) } });
    const now = Date.now();
    const cap = session ? session.createdAt.getTime() + this.env.SESSION_MAX_DAYS * DAY_MS : 0;
    if (!session || session.expiresAt.getTime() <= now || cap <= now) return null;
    const idleExpiry = Math.min(now + this.env.SESSION_DAYS * DAY_MS, cap);
    if (idleExpiry - session.expiresAt.getTime() > SESSION_RENEW_MS) {
      await this.prisma.session.update({ where: { id: session.id }, data: { expiresAt: new Date(idleExpiry) } });
    }
    const membership = await this.prisma.membership.findUnique({
      where: { userId_workspaceId: { userId: session.userId, workspaceId: session.workspaceId } },
    });
    if (!membership) return null;
    return { workspaceId: session.workspaceId, role: membership.role, userId: session.userId, apiKeyId: null, sessionId: session.id };
  }

  /**
   * A key acts with its own role, never above its creator's role in the workspace today: a demoted owner's keys are
   * demoted with them (and promoted again with them). A key whose creator is unknown (deleted account) keeps its role.
   */
  private async fromApiKey(key: string): Promise<Actor | null> {
    if (!key.startsWith(AUTH.apiKeyPrefix)) return null;
    const row = await this.prisma.apiKey.findUnique({ where: { keyHash: sha256(key) } });
    if (!row || row.revokedAt) return null;
    const creator = row.createdById
      ? await this.prisma.membership.findUnique({ where: { userId_workspaceId: { userId: row.createdById, workspaceId: row.workspaceId } } })
      : null;
    // Leaving the workspace revokes a creator's keys; one removed without that (another process, by hand) stops them too.
    if (row.createdById && !creator) return null;
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > KEY_TOUCH_MS) {
      await this.prisma.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
    }
    const role = creator && ROLE_RANK[creator.role] < ROLE_RANK[row.role] ? creator.role : row.role;
    return { workspaceId: row.workspaceId, role, userId: null, apiKeyId: row.id, sessionId: null };
  }

  private async startSession(userId: string, workspaceId: string, res: ServerResponse): Promise<void> {
    const token = newToken();
    // The browser keeps the cookie until the absolute cap; the idle expiry is the server's to enforce.
    const maxAgeSeconds = this.env.SESSION_MAX_DAYS * 86_400;
    await this.prisma.session.create({
      data: { tokenHash: sha256(token), userId, workspaceId, expiresAt: new Date(Date.now() + this.env.SESSION_DAYS * DAY_MS) },
    });
    const secure = this.env.COOKIE_SECURE;
    setCookie(res, AUTH.sessionCookie, token, { maxAgeSeconds, httpOnly: true, secure });
    setCookie(res, AUTH.csrfCookie, csrfFor(token), { maxAgeSeconds, httpOnly: false, secure });
  }

  private clearCookies(res: ServerResponse): void {
    for (const name of [AUTH.sessionCookie, AUTH.csrfCookie]) setCookie(res, name, '', { maxAgeSeconds: 0, httpOnly: true, secure: this.env.COOKIE_SECURE });
  }
}

/** The caller as a signed-in user: sessions and passwords are a user's, and an API key has neither. */
function signedIn(actor: Actor): Actor & { userId: string; sessionId: string } {
  if (!actor.userId || !actor.sessionId) {
    throw new BadRequestException('An API key is not signed in, so it has no session or password: to stop a key, revoke it (DELETE /api/api-keys/:id).');
  }
  return actor as Actor & { userId: string; sessionId: string };
}

/** The CSRF token of a session: derived from its secret token, so it needs no storage and dies with the session. */
function csrfFor(sessionToken: string): string {
  return sha256(`csrf:${sessionToken}`);
}

/** The client's address: the socket's, or the one a trusted proxy names (TRUST_PROXY; Express works it out). */
function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
