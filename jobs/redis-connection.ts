// The Redis connection the queues use when REDIS_URL is set (Redis, Valkey or Dragonfly).
import { Redis } from 'ioredis';

export function createRedisConnection(url: string): Redis {
  return new Redis(url, {
    // BullMQ workers block on Redis; they must wait for it rather than fail commands.
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(200 * 2 ** attempt, 5_000),
  });
}

export async function pingRedis(redis: Redis): Promise<void> {
  const answer = await redis.ping();
  if (answer !== 'PONG') throw new Error(`jobs.redis_ping: unexpected answer ${answer}`);
}
