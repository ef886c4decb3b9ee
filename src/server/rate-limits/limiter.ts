// One counter: at most `points` per fixed window, per key. rate-limiter-flexible does the counting —
// atomically in Redis (one Lua script per request, so instances sharing Redis share the count) or in
// this process when there is no Redis. This wrapper turns its answers into a plain decision and says
// what happens when Redis cannot answer.
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { StoreStatus } from './store-status.js';

export type Decision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Redis could not answer and this limiter has no fallback: the caller must refuse (fail closed). */
export class CounterStoreUnavailableError extends Error {
  constructor(options: { cause: unknown }) {
    super('the rate-limit counter store (Redis) is unreachable', options);
    this.name = 'CounterStoreUnavailableError';
  }
}

export interface Limiter {
  consume(key: string): Promise<Decision>;
}

export interface SharedStore {
  redis: Redis;
  /** e.g. "simpass:"; each limiter adds "rl:<name>:". */
  keyPrefix: string;
  status: StoreStatus;
}

export interface LimiterOptions {
  /** Part of the key, e.g. "checks-ip"; distinct per limiter. */
  name: string;
  points: number;
  windowSeconds: number;
  /** null: count in this process. */
  store: SharedStore | null;
  /**
   * What to do while Redis is unreachable. 'refuse': throw CounterStoreUnavailableError. 'count-locally':
   * count in this process with the same limit (so N instances allow up to N times the limit).
   */
  onStoreOutage: 'refuse' | 'count-locally';
}

export function createLimiter(options: LimiterOptions): Limiter {
  const base = { points: options.points, duration: options.windowSeconds };
  const local = new RateLimiterMemory({ ...base, keyPrefix: options.name });
  const { store } = options;
  if (!store) return { consume: (key) => decide(local, key) };

  const shared = new RateLimiterRedis({
    ...base,
    storeClient: store.redis,
    keyPrefix: `${store.keyPrefix}rl:${options.name}`,
    rejectIfRedisNotReady: true,
    // A key over its limit is refused from memory until its window ends, without asking Redis
    // again: a script hammering one key costs Redis nothing. Correct across instances, because a
    // key is only blocked here once the shared count is over the limit.
    inMemoryBlockOnConsumed: options.points + 1,
  });
  return {
    async consume(key) {
      try {
        const decision = await decide(shared, key);
        if (decision.allowed) store.status.recovered();
        return decision;
      } catch (error) {
        store.status.failed(error);
        // Not the library's insuranceLimiter: that one hides when it is in use, and we must know
        // (to log the outage once and to answer /readyz).
        if (options.onStoreOutage === 'refuse') throw new CounterStoreUnavailableError({ cause: error });
        return decide(local, key);
      }
    },
  };
}

async function decide(limiter: RateLimiterAbstract, key: string): Promise<Decision> {
  try {
    await limiter.consume(key);
    return { allowed: true };
  } catch (rejection) {
    // The library rejects with a RateLimiterRes when the limit is reached, and with an Error when the store failed.
    if (rejection instanceof RateLimiterRes) return { allowed: false, retryAfterMs: rejection.msBeforeNext };
    throw rejection;
  }
}
