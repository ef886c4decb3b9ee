// The one Redis connection a server process keeps for its rate-limit counters, created by the caller
// (main.ts, tests) and handed to buildApp, like the database.
//
// Tuned to fail fast rather than wait: a request must never hang on a counter. With the offline queue
// off, a command sent while the connection is down fails at once instead of waiting for a reconnect;
// the command timeout bounds a Redis that accepts connections but does not answer. ioredis keeps
// reconnecting in the background (with the backoff below) until the process closes the client.
import { Redis } from 'ioredis';

export const REDIS_COMMAND_TIMEOUT_MS = 500;

export function createRedisClient(url: string): Redis {
  return new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
}

/** host:port, for logs and messages: never the URL, which may carry a password. */
export function describeRedis(client: Redis): string {
  return `${client.options.host ?? 'localhost'}:${client.options.port ?? 6379}`;
}

/**
 * Connects once at start. An unreachable Redis does not stop the start: ioredis keeps retrying, the
 * outage is logged (store-status.ts), /readyz says so, and the rate limits follow their outage policy.
 */
export async function connectRedis(client: Redis): Promise<boolean> {
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  }
}
