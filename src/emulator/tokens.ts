// OAuth2 client-credentials access tokens (basics.yaml, `POST /oauth2/v1/token`; RFC 6749 §4.4).
// Opaque random strings; expiry follows the emulator's clock so tests can age them.
import { randomBytes } from 'node:crypto';

/** The product scopes a project credential holds (models/common/DataTypes.v1.yaml, Scope). */
export const PROJECT_SCOPES = ['phone_check', 'subscriber_check', 'sim_check', 'coverage'] as const;
export type Scope = (typeof PROJECT_SCOPES)[number];

export interface IssuedToken {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
}

export type TokenCheck = { ok: true; scopes: ReadonlySet<string> } | { ok: false; reason: 'missing' | 'unknown' | 'expired' };

export interface TokenStore {
  issue(scopes: readonly string[]): IssuedToken;
  verify(accessToken: string | undefined): TokenCheck;
  revokeAll(): void;
}

export function createTokenStore(deps: { now: () => number; ttlSeconds: number }): TokenStore {
  const tokens = new Map<string, { scopes: ReadonlySet<string>; expiresAt: number }>();
  return {
    issue(scopes) {
      const accessToken = randomBytes(32).toString('base64url');
      tokens.set(accessToken, { scopes: new Set(scopes), expiresAt: deps.now() + deps.ttlSeconds * 1000 });
      return { access_token: accessToken, token_type: 'bearer', expires_in: deps.ttlSeconds, scope: scopes.join(' ') };
    },
    verify(accessToken) {
      if (accessToken === undefined || accessToken === '') return { ok: false, reason: 'missing' };
      const token = tokens.get(accessToken);
      if (!token) return { ok: false, reason: 'unknown' };
      if (deps.now() >= token.expiresAt) {
        tokens.delete(accessToken);
        return { ok: false, reason: 'expired' };
      }
      return { ok: true, scopes: token.scopes };
    },
    revokeAll() {
      tokens.clear();
    },
  };
}

/** `Authorization: Basic base64(client_id:client_secret)` (RFC 7617); null when absent or malformed. */
export function parseBasicAuth(header: string | undefined): { clientId: string; clientSecret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

/** `Authorization: Bearer <token>` (RFC 6750 §2.1). */
export function parseBearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
