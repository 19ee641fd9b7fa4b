import type { NextFunction, Request, Response } from 'express';
import type { PrismaClient } from '@foretell/db';
import type { AuthService } from './auth.service';

/**
 * Express middleware for bull-board, which lives outside Nest's router and shows every workspace's jobs: only the
 * installation's operator — the first account, the one the setup command or the first sign-up created — may open it.
 */
export function operatorOnly(auth: AuthService, prisma: PrismaClient) {
  return (req: Request, res: Response, next: NextFunction) => {
    auth
      .authenticate(req)
      .then(async (actor) => {
        if (!actor?.userId) return res.status(401).json({ message: 'Sign in as the installation operator to see the queues.' });
        const operator = await prisma.user.findFirst({ orderBy: { createdAt: 'asc' }, select: { id: true } });
        if (operator?.id !== actor.userId) return res.status(403).json({ message: 'Only the installation operator (its first account) may see the queues.' });
        next();
      })
      .catch((error: { status?: number; message: string }) => res.status(error.status ?? 500).json({ message: error.message }));
  };
}
