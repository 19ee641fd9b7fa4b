import type { NextFunction, Request, Response } from 'express';
import { AUTH } from '@foretell/contracts';
import type { PrismaClient } from '@foretell/db';
import type { AuthService } from './auth.service';
import { readCookies, setCookie } from './cookies';

/** Where bull-board's browser client (axios) reads the CSRF token, and the header it sends it back in. */
const BOARD_CSRF_COOKIE = 'XSRF-TOKEN';
const BOARD_CSRF_HEADER = 'x-xsrf-token';

/**
 * Express middleware for bull-board, which lives outside Nest's router and shows every workspace's jobs: only the
 * installation's operator — the first account, the one the setup command or the first sign-up created — may open it.
 * Its page cannot send our CSRF header, but its axios echoes an XSRF-TOKEN cookie as X-XSRF-TOKEN: the page gets the
 * session's CSRF token under that name, and the header counts as ours here (still a double submit).
 */
export function operatorOnly(auth: AuthService, prisma: PrismaClient, secureCookies: boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    const echoed = req.headers[BOARD_CSRF_HEADER];
    if (typeof echoed === 'string' && req.headers[AUTH.csrfHeader] === undefined) req.headers[AUTH.csrfHeader] = echoed;
    auth
      .authenticate(req)
      .then(async (actor) => {
        if (!actor?.userId) return res.status(401).json({ message: 'Sign in as the installation operator to see the queues.' });
        const operator = await prisma.user.findFirst({ orderBy: { createdAt: 'asc' }, select: { id: true } });
        if (operator?.id !== actor.userId) return res.status(403).json({ message: 'Only the installation operator (its first account) may see the queues.' });
        const csrf = readCookies(req)[AUTH.csrfCookie];
        if (req.method === 'GET' && csrf) setCookie(res, BOARD_CSRF_COOKIE, csrf, { maxAgeSeconds: 3600, httpOnly: false, secure: secureCookies });
        next();
      })
      .catch((error: { status?: number; message: string }) => res.status(error.status ?? 500).json({ message: error.message }));
  };
}
