import IORedis, { type Redis } from 'ioredis';

/**
 * One Redis connection factory for queues, workers and events. BullMQ needs `maxRetriesPerRequest: null` so blocking
 * commands wait through a Redis restart instead of failing.
 */
export function createRedisConnection(redisUrl: string): Redis {
  return new IORedis(redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true });
}
