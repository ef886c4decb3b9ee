// Test support: runs one rate-limit suite on both counter stores — in process, and Redis at
// TEST_REDIS_URL under a key prefix of its own (the Redis is shared), removed afterwards. Without
// TEST_REDIS_URL the Redis half is skipped visibly, except in CI, where it fails: the shared counters
// are the ones that matter in production.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, it } from 'vitest';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL?.trim() || undefined;

export type CounterStore = 'memory' | 'redis';

export interface TestCounterStore {
  readonly store: CounterStore;
  /** Server env for this store; a new key prefix each call, so every stack counts from zero. */
  env(): Record<string, string>;
}

const STORES: readonly { store: CounterStore; missing?: string }[] = [
  { store: 'memory' },
  { store: 'redis', ...(TEST_REDIS_URL ? {} : { missing: 'TEST_REDIS_URL is not set' }) },
];

export function describeOnEachCounterStore(title: string, body: (t: TestCounterStore) => void): void {
  describe.each(STORES)(`${title} (counters: $store)`, ({ store, missing }) => {
    if (missing && process.env.CI) {
      it('runs on Redis in CI', () => {
        throw new Error(`${missing} in CI: set TEST_REDIS_URL=redis://127.0.0.1:6379 so the rate limits are proven on Redis too.`);
      });
      return;
    }
    describe.skipIf(missing !== undefined)(missing ? `skipped: ${missing}` : 'from zero', () => {
      const prefixes: string[] = [];
      afterAll(async () => {
        for (const prefix of prefixes) await deleteRedisKeys(TEST_REDIS_URL!, prefix);
      });
      body({
        store,
        env(): Record<string, string> {
          if (store === 'memory') return {};
          const prefix = uniqueRedisPrefix();
          prefixes.push(prefix);
          return { REDIS_URL: TEST_REDIS_URL!, REDIS_KEY_PREFIX: prefix };
        },
      });
    });
  });
}

export function uniqueRedisPrefix(): string {
  return `simpass-test-${randomBytes(6).toString('hex')}:`;
}

/** Removes a test run's keys from the shared Redis. */
export async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
