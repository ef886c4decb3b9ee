// Whether a sign-in attempt (POST /api/sign-in, or a passkey sign-in) may proceed, per client address.
// Counted before the attempt is looked at, so failures and successes count alike: the limit is on
// effort, not on luck.
//
// While Redis is unreachable, sign-in is NOT refused: it costs nothing, and a person who has just
// verified their number (a paid check) should not be locked out by our outage (per-address-admission.ts).
import type { LimitSpec } from '../config.js';
import type { SharedStore } from './limiter.js';
import { createPerAddressAdmission, type AdmitPerAddress } from './per-address-admission.js';

export type AdmitSignIn = AdmitPerAddress;

/** `name`: the counter's own key space ('sign-ins-ip' for SIM sign-ins, 'passkey-sign-ins-ip' for passkeys). */
export function createSignInAdmission(spec: LimitSpec | null, store: SharedStore | null, name = 'sign-ins-ip'): AdmitSignIn {
  return createPerAddressAdmission({ name, code: 'too_many_sign_in_attempts', reason: 'Too many sign-in attempts from your network.' }, spec, store);
}
