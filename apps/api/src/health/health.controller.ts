import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { Health, ServiceHealth } from '@foretell/contracts';
import type { PrismaClient } from '@foretell/db';
import type { Redis } from 'ioredis';
import { Public } from '../auth/actor';
import { PRISMA, REDIS } from '../infra/infra.module';

/** A check that has not answered in this time counts as down (a Redis that is away queues commands instead of failing). */
const CHECK_TIMEOUT_MS = 2_000;


/** 200 when every dependency answers, 503 (same body) when one does not: load balancers read the code, people the body. */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get()
  async check(): Promise<Health> {
    const [postgres, redis] = await Promise.all([this.postgres(), this.redisHealth()]);
    return answer({ status: postgres.status === 'up' && redis.status === 'up' ? 'up' : 'down', postgres, redis });
  }

  @Get('postgres')
  async checkPostgres(): Promise<ServiceHealth> {
    return answer(await this.postgres());
  }

  @Get('redis')
  async checkRedis(): Promise<ServiceHealth> {
    return answer(await this.redisHealth());
  }

  private postgres(): Promise<ServiceHealth> {
    return probe(() => this.prisma.$queryRaw`SELECT 1`);
  }

  private redisHealth(): Promise<ServiceHealth> {
    return probe(() => this.redis.ping());
  }
}

function answer<T extends { status: 'up' | 'down' }>(health: T): T {
  if (health.status === 'down') throw new HttpException(health, HttpStatus.SERVICE_UNAVAILABLE);
  return health;
}

async function probe(check: () => Promise<unknown>): Promise<ServiceHealth> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: 'up', latencyMs: Math.round(performance.now() - start) };
  } catch (error) {
    return { status: 'down', latencyMs: Math.round(performance.now() - start), error: firstLine(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Driver messages can be long (Prisma's) and must not leak a URL with a password. */
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.trim().split('\n').at(-1) ?? '').replace(/\w+:\/\/[^\s]*/g, '<url>').slice(0, 300);
}
