// OAuth2 client-credentials access tokens (RFC 6749 §4.4; basics.yaml `POST /oauth2/v1/token`).
// tru.ID means them to be reused until they expire — its own dev-server caches them and renews one
// minute early (shared/truid-api.md, "OAuth2 token") — so: one cached token per scope set, one request
// in flight per scope set however many callers wait, nothing cached when the grant fails.
import { TruIdApiError, TruIdInvalidResponseError } from './errors.js';
import type { Http } from './http.js';
import { notify, type TokenGrantReason, type TruIdObserver } from './observer.js';
import type { AccessTokenResponse, TruIdScope } from './types.js';

/** Milliseconds since the epoch. Injected so tests can move time. */
export type Clock = () => number;

/** Renew this long before `expires_in` runs out… */
export const RENEW_BEFORE_EXPIRY_MS = 60_000;

export interface TokenCache {
  /** A bearer token valid for all of `scopes`. */
  get(scopes: readonly TruIdScope[]): Promise<string>;
  /** Forget `token` for `scopes` (the API refused it), unless a newer one has replaced it already. */
  invalidate(scopes: readonly TruIdScope[], token: string): void;
}

/**
 * The grant's own bounds. Every new check waits on it (one grant in flight serves all callers), so a
 * token endpoint that hangs must not hold them for the product calls' longer timeout times their retries.
 */
export interface TokenRequestOptions {
  /** Deadline of one attempt. */
  timeoutMs: number;
  /** Total attempts including the first. */
  attempts: number;
}

/** About 5 s in all: two attempts of 2.5 s (the endpoint normally answers in well under a second). */
export const DEFAULT_TOKEN_REQUEST: Readonly<TokenRequestOptions> = Object.freeze({ timeoutMs: 2_500, attempts: 2 });

export interface CreateTokenCacheOptions {
  http: Http;
  clientId: string;
  clientSecret: string;
  clock?: Clock | undefined;
  request?: Partial<TokenRequestOptions> | undefined;
  /** Told about every grant and why it was needed (observer.ts). */
  observer?: TruIdObserver | undefined;
}

interface CachedToken {
  token: string;
  renewAt: number;
  /** tru.ID refused it (a 401): kept only so the next grant can say why it happened. */
  refused?: boolean;
}

export const TOKEN_PATH = '/oauth2/v1/token';

export function createTokenCache(options: CreateTokenCacheOptions): TokenCache {
  const { http } = options;
  const clock = options.clock ?? Date.now;
  // RFC 7617 Basic as tru.ID's own examples build it: base64("client_id:client_secret").
  const authorization = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
  const bounds: TokenRequestOptions = { ...DEFAULT_TOKEN_REQUEST, ...options.request };
  const cache = new Map<string, CachedToken>();
  const inFlight = new Map<string, Promise<string>>();
  const onTokenGrant = options.observer?.onTokenGrant?.bind(options.observer);

  async function grant(scope: string, reason: TokenGrantReason): Promise<string> {
    let ok = false;
    try {
      const token = await requestToken(scope);
      ok = true;
      return token;
    } finally {
      notify(onTokenGrant, () => ({ reason, ok }));
    }
  }

  async function requestToken(scope: string): Promise<string> {
    // Measured before the request: the token's lifetime starts on the server while we wait.
    const requestedAt = clock();
    const answer = await http.send<Partial<AccessTokenResponse> | undefined>({
      method: 'POST',
      path: TOKEN_PATH,
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
      // Asking again for a token changes nothing on the server, so a 5xx or a dropped connection here
      // may be retried like a GET.
      idempotent: true,
      timeoutMs: bounds.timeoutMs,
      attempts: bounds.attempts,
    });
    if (typeof answer?.access_token !== 'string' || answer.access_token === '') {
      throw new TruIdInvalidResponseError({
        status: 200,
        request: { method: 'POST', path: TOKEN_PATH },
        reason: 'no access_token',
      });
    }
    const lifetimeMs = typeof answer.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in * 1000 : 0;
    // …or at half-life for a token that lives under two minutes, so a short token is still reused.
    const margin = Math.min(RENEW_BEFORE_EXPIRY_MS, lifetimeMs / 2);
    cache.set(scope, { token: answer.access_token, renewAt: requestedAt + lifetimeMs - margin });
    return answer.access_token;
  }

  return {
    get(scopes) {
      const key = scopeKey(scopes);
      const cached = cache.get(key);
      if (cached && !cached.refused && clock() < cached.renewAt) return Promise.resolve(cached.token);
      let pending = inFlight.get(key);
      if (!pending) {
        const reason: TokenGrantReason = !cached ? 'initial' : cached.refused ? 'refused' : 'expiring';
        // Deleted however it ends: a failed grant is not remembered, the next caller asks again.
        pending = grant(key, reason).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
    invalidate(scopes, token) {
      const key = scopeKey(scopes);
      const cached = cache.get(key);
      if (cached?.token === token) cache.set(key, { ...cached, refused: true });
    },
  };
}

/**
 * Runs `send` with a token for `scopes`. A 401 means the token died early (revoked, or the server's
 * clock disagrees: RFC 6750 §3.1 `invalid_token`): drop it and try that call once more with a fresh
 * one. The request was refused, not performed, so repeating even a POST cannot double a side effect.
 */
export async function withAccessToken<T>(
  tokens: TokenCache,
  scopes: readonly TruIdScope[],
  send: (token: string) => Promise<T>,
): Promise<T> {
  const token = await tokens.get(scopes);
  try {
    return await send(token);
  } catch (error) {
    if (!(error instanceof TruIdApiError) || error.status !== 401) throw error;
    tokens.invalidate(scopes, token);
    return send(await tokens.get(scopes));
  }
}

/** OAuth2 scope is a set (RFC 6749 §3.3): order and repeats do not make a different token. */
function scopeKey(scopes: readonly TruIdScope[]): string {
  return [...new Set(scopes)].sort().join(' ');
}
