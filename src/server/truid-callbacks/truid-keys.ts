// tru.ID's callback signing keys, from `{tru.ID origin}/.well-known/jwks.json` (where tru.ID's own
// dev-server finds them), cached so a callback costs no fetch:
// - a fetched key set is used for KEY_SET_LIFETIME_MS, then fetched again on the next callback;
// - a keyId the set does not hold (tru.ID rotated its key) fetches again at once, but at most once per
//   REFETCH_INTERVAL_MS, so forged callbacks naming random keyIds cannot make us hammer tru.ID;
// - concurrent callbacks share one fetch.
import { createPublicKey, type JsonWebKey } from 'node:crypto';

export const KEY_SET_LIFETIME_MS = 10 * 60 * 1000;
export const REFETCH_INTERVAL_MS = 30 * 1000;
const FETCH_TIMEOUT_MS = 5000;
const MAX_KEYS = 20;

/** The key set could not be fetched and none is cached: the callback cannot be judged now (tru.ID retries). */
export class TruIdKeysUnavailableError extends Error {
  constructor(options: { cause: unknown }) {
    super('tru.ID signing keys could not be fetched', options);
    this.name = 'TruIdKeysUnavailableError';
  }
}

export interface TruIdKeys {
  /** The SPKI PEM of tru.ID's RSA key `keyId`; undefined when tru.ID does not publish it. */
  publicKeyPem(keyId: string): Promise<string | undefined>;
}

interface KeySet {
  keys: Map<string, string>;
  fetchedAt: number;
}

export function createTruIdKeys(options: { jwksUrl: string; clock: () => Date; fetch?: typeof fetch }): TruIdKeys {
  const get = options.fetch ?? fetch;
  let current: KeySet | undefined;
  let lastFetchAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<KeySet> | undefined;

  const fetchKeySet = (): Promise<KeySet> => {
    inFlight ??= (async () => {
      lastFetchAt = options.clock().getTime();
      try {
        const response = await get(options.jwksUrl, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
        if (response.status !== 200) throw new Error(`JWKS answered ${response.status}`);
        current = { keys: rsaKeysById(await response.json()), fetchedAt: options.clock().getTime() };
        return current;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  return {
    async publicKeyPem(keyId) {
      const now = options.clock().getTime();
      let set = current;
      const stale = !set || now - set.fetchedAt >= KEY_SET_LIFETIME_MS;
      const unknown = set !== undefined && !set.keys.has(keyId);
      if (stale || (unknown && now - lastFetchAt >= REFETCH_INTERVAL_MS)) {
        try {
          set = await fetchKeySet();
        } catch (error) {
          // An expired set is not used: a key tru.ID withdrew must stop working within the lifetime.
          if (stale) throw new TruIdKeysUnavailableError({ cause: error });
        }
      }
      return set?.keys.get(keyId);
    },
  };
}

/** The RSA signing keys of a JWKS document by `kid`, as PEM; anything else in it is ignored. */
function rsaKeysById(document: unknown): Map<string, string> {
  const keys = new Map<string, string>();
  const list: unknown = typeof document === 'object' && document !== null ? (document as { keys?: unknown }).keys : undefined;
  if (!Array.isArray(list)) throw new Error('JWKS has no "keys" array');
  for (const candidate of list.slice(0, MAX_KEYS)) {
    if (typeof candidate !== 'object' || candidate === null) continue;
    const jwk = candidate as JsonWebKey & { kid?: unknown; use?: unknown };
    // What jwks-rsa (tru.ID's dev-server) accepts: RSA, a kid, and use "sig" or no use.
    if (jwk.kty !== 'RSA' || typeof jwk.kid !== 'string' || (jwk.use !== undefined && jwk.use !== 'sig')) continue;
    if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') continue;
    try {
      keys.set(jwk.kid, createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString());
    } catch {
      // A malformed key is skipped; the others still serve.
    }
  }
  return keys;
}
