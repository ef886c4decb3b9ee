// Which scopes a token request is granted. The live API grants every scope tru.ID knows — its own
// dev-server (v0.3.x) asks for `phone_check subscriber_check sim_check mo_check coverage` and exits if
// refused — so the emulator grants them too, and the products it does not emulate answer their own
// errors when called (unsupported-product-routes.ts). A string no tru.ID source names is dropped, as
// RFC 6749 §3.3 lets a server grant less than asked, and the response's `scope` says what was granted.
import { PROJECT_SCOPES } from './tokens.js';

/**
 * Scopes tru.ID knows that the emulator does not serve: `mo_check`, `oidc`, `authenticator` (tru.ID's
 * dev-server and the definitions' models/oidc, models/authenticator) and the workspace scopes of
 * models/common/DataTypes.v1.yaml `Scope` (`console`, `workspaces`, `projects`, `balance`, `payments`).
 */
export const KNOWN_UNSERVED_SCOPES = ['mo_check', 'oidc', 'authenticator', 'console', 'workspaces', 'projects', 'balance', 'payments'] as const;

const KNOWN: ReadonlySet<string> = new Set([...PROJECT_SCOPES, ...KNOWN_UNSERVED_SCOPES]);

export type ScopeGrant = { ok: true; granted: string[]; dropped: string[] } | { ok: false; unknown: string[] };

/**
 * `scope` is the form's space-separated list (RFC 6749 §3.3). Nothing asked: every served scope (the
 * server's default). Only unknown strings asked: nothing to grant, so `invalid_scope` (RFC 6749 §5.2).
 */
export function grantScopes(scope: unknown): ScopeGrant {
  const requested = typeof scope === 'string' ? [...new Set(scope.split(' ').filter((s) => s !== ''))] : [];
  if (requested.length === 0) return { ok: true, granted: [...PROJECT_SCOPES], dropped: [] };
  const granted = requested.filter((s) => KNOWN.has(s));
  const dropped = requested.filter((s) => !KNOWN.has(s));
  return granted.length > 0 ? { ok: true, granted, dropped } : { ok: false, unknown: dropped };
}
