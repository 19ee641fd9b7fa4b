import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { PrismaClient } from '@foretell/db';
import type { Redis } from 'ioredis';
import { PRISMA, REDIS } from '../infra/infra.module';

@Controller('health')
export class HealthController {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Ready when Postgres and Redis both answer. */
  @Get()
  async check(): Promise<{ postgres: 'up'; redis: 'up' }> {
    const [postgres, redis] = await Promise.allSettled([this.prisma.$queryRaw`SELECT 1`, this.redis.ping()]);
    if (postgres.status === 'rejected' || redis.status === 'rejected') {
      throw new ServiceUnavailableException({
        postgres: postgres.status === 'fulfilled' ? 'up' : 'down',
        redis: redis.status === 'fulfilled' ? 'up' : 'down',
      });
    }
    return { postgres: 'up', redis: 'up' };
  }
}
