import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { API_ENV, type ApiEnv } from '../env';
import { REDIS } from '../infra/infra.module';

/**
 * Fixed-window counters in Redis, shared by every API process: `hit` counts an attempt and refuses with 429 once
 * `limit` is passed within the window; `check` refuses without counting (for counting failures only).
 */
@Injectable()
export class RateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  async hit(bucket: string, limit: number, windowSeconds: number, what: string): Promise<void> {
    const key = `${this.env.QUEUE_PREFIX}:rate:${bucket}`;
    const [[, count], [, ttl]] = (await this.redis.multi().incr(key).ttl(key).exec()) as [[null, number], [null, number]];
    if (ttl < 0) await this.redis.expire(key, windowSeconds);
    if (count > limit) {
      const retry = ttl > 0 ? ttl : windowSeconds;
      throw new HttpException(
        { message: `Too many ${what}: try again in ${Math.ceil(retry / 60)} minute(s).`, retryAfterSeconds: retry },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  async check(bucket: string, limit: number, what: string): Promise<void> {
    const key = `${this.env.QUEUE_PREFIX}:rate:${bucket}`;
    const [count, ttl] = await Promise.all([this.redis.get(key), this.redis.ttl(key)]);
    if (Number(count ?? 0) >= limit) {
      throw new HttpException(
        { message: `Too many ${what}: try again in ${Math.ceil(Math.max(ttl, 1) / 60)} minute(s).`, retryAfterSeconds: ttl },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  /** Forgets a bucket (a successful sign-in clears that email's failures). */
  async reset(bucket: string): Promise<void> {
    await this.redis.del(`${this.env.QUEUE_PREFIX}:rate:${bucket}`);
  }
}
