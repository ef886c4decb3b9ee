// Counters for tests that prove caching and retries: how many tokens were asked for, how often each route ran.
export interface EmulatorStats {
  token_requests: number;
  requests: Record<string, number>;
}

export interface StatsCounter {
  countTokenRequest(): void;
  countRequest(routeKey: string): void;
  snapshot(): EmulatorStats;
  reset(): void;
}

export function createStats(): StatsCounter {
  let tokenRequests = 0;
  let requests: Record<string, number> = {};
  return {
    countTokenRequest() {
      tokenRequests += 1;
    },
    countRequest(routeKey) {
      requests[routeKey] = (requests[routeKey] ?? 0) + 1;
    },
    snapshot() {
      return { token_requests: tokenRequests, requests: { ...requests } };
    },
    reset() {
      tokenRequests = 0;
      requests = {};
    },
  };
}
