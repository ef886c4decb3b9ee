// Whether the shared counter store (Redis) is reachable, as this process last saw it, and the log of
// its outages: one line when it goes away and one when it is back, never one per request — during an
// outage every request would otherwise log the same failure, burying everything else.
//
// Two sources feed it: the connection's own events (refused, closed, ready again) and the limiters,
// which see what the events cannot (a Redis that accepts connections but stops answering: commands
// time out while the connection looks fine).
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { describeRedis } from './redis-client.js';

export interface StoreStatus {
  /** true while the last thing we heard from Redis was a failure. */
  readonly down: boolean;
  /** A command failed or the connection dropped. */
  failed(error: unknown): void;
  /** A command succeeded or the connection is ready again. */
  recovered(): void;
}

export function watchStore(client: Redis, log: FastifyBaseLogger, policy: string): StoreStatus {
  const where = describeRedis(client);
  // Until the first connection is made we do not know; a failure to make it is an outage like any other.
  let down = false;
  const status: StoreStatus = {
    get down() {
      return down;
    },
    failed(error) {
      if (down) return;
      down = true;
      // Only the message: ioredis errors name host and port, never the password, and a stack adds nothing.
      log.error({ redis: where, reason: error instanceof Error ? error.message : String(error) }, `Redis unreachable: ${policy}`);
    },
    recovered() {
      if (!down) return;
      down = false;
      log.info({ redis: where }, 'Redis reachable again: rate limits are shared across instances again');
    },
  };
  // Without an 'error' listener ioredis prints every failed reconnect to stderr itself.
  client.on('error', (error: unknown) => status.failed(error));
  client.on('close', () => {
    if (client.status !== 'end') status.failed(new Error('connection closed'));
  });
  client.on('ready', () => status.recovered());
  return status;
}
