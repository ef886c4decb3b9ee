// X-RateLimit-* headers as products.yaml shows them on every product response (models/common/Headers.v1.yaml:
// limit per hour, remaining this hour, reset as epoch seconds). The emulator counts but never refuses.
export const RATE_LIMIT_PER_HOUR = 10_000;

export function createRateLimitCounter(now: () => number): () => Record<string, string> {
  let windowStart = 0;
  let used = 0;
  return () => {
    const hour = Math.floor(now() / 3_600_000) * 3_600_000;
    if (hour !== windowStart) {
      windowStart = hour;
      used = 0;
    }
    used += 1;
    return {
      'x-ratelimit-limit': String(RATE_LIMIT_PER_HOUR),
      'x-ratelimit-remaining': String(Math.max(0, RATE_LIMIT_PER_HOUR - used)),
      'x-ratelimit-reset': String(Math.floor((windowStart + 3_600_000) / 1000)),
    };
  };
}
