// Whether a sign-in attempt (POST /api/sign-in) may proceed, per client address. Counted before the
// attempt is looked at, so failures and successes count alike: the limit is on effort, not on luck.
//
// While Redis is unreachable, sign-in is NOT refused: it costs nothing, and a person who has just
// verified their number (a paid check) should not be locked out by our outage. Each instance counts
// in its own memory instead, with the same limit (so N instances allow at most N times the limit),
// and the outage is logged once and shown by /readyz — limited, never silently unlimited.
import type { LimitSpec } from '../config.js';
import { clientAddressKey } from './client-address.js';
import { createLimiter, type SharedStore } from './limiter.js';
import { limitReached } from './retry-after.js';

export type AdmitSignIn = (request: { ip: string | null }) => Promise<void>;

/** `name`: the counter's own key space ('sign-ins-ip' for SIM sign-ins, 'passkey-sign-ins-ip' for passkeys). */
export function createSignInAdmission(spec: LimitSpec | null, store: SharedStore | null, name = 'sign-ins-ip'): AdmitSignIn {
  if (!spec) return () => Promise.resolve();
  const perAddress = createLimiter({
    name,
    points: spec.points,
    windowSeconds: spec.windowSeconds,
    store,
    onStoreOutage: 'count-locally',
  });
  return async ({ ip }) => {
    const decision = await perAddress.consume(clientAddressKey(ip ?? 'unknown'));
    if (!decision.allowed) {
      throw limitReached('too_many_sign_in_attempts', 'Too many sign-in attempts from your network.', decision.retryAfterMs);
    }
  };
}
