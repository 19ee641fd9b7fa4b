import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { API_ENV, type ApiEnv } from '../env';
import { REDIS } from '../infra/infra.module';

/** Decrements a live counter only: a refund after the window ended must not leave a negative one without expiry. */
const REFUND = "if redis.call('exists', KEYS[1]) == 1 then return redis.call('decr', KEYS[1]) end return 0";

/**
 * Fixed-window counters in Redis, shared by every API process: `hit` counts an attempt (atomically, before the work it
 * guards) and refuses with 429 once `limit` is passed within the window; `refund` gives an attempt back.
 */
@Injectable()
export class RateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(API_ENV) private readonly env: ApiEnv,
  ) {}

  async hit(bucket: string, limit: number, windowSeconds: number, what: string): Promise<void> {
    const key = this.key(bucket);
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

  /**
   * Gives back an attempt `hit` counted (a sign-in that turned out right). Counting first and refunding after is what
   * keeps a parallel burst within the limit: each attempt holds its place before the slow password check.
   */
  async refund(bucket: string): Promise<void> {
    await this.redis.eval(REFUND, 1, this.key(bucket));
  }

  /** Forgets a bucket (a successful sign-in clears that email's failures). */
  async reset(bucket: string): Promise<void> {
    await this.redis.del(this.key(bucket));
  }

  private key(bucket: string): string {
    return `${this.env.QUEUE_PREFIX}:rate:${bucket}`;
  }
}
