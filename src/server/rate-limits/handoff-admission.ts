// Whether a desktop may start another hand-off (POST /api/handoff), per client address. A hand-off
// bills nothing by itself — the phone's check is limited where it is created — but each one is a link
// that can be shown to someone (QR-jacking, handoff/): a script minting thousands is stopped here.
//
// While Redis is unreachable, counted in this process with the same limit, like sign-in attempts
// (per-address-admission.ts): nothing is billed, so refusing would only lock desktops out during our outage.
import type { LimitSpec } from '../config.js';
import type { SharedStore } from './limiter.js';
import { createPerAddressAdmission, type AdmitPerAddress } from './per-address-admission.js';

export type AdmitHandoff = AdmitPerAddress;

export function createHandoffAdmission(spec: LimitSpec | null, store: SharedStore | null): AdmitHandoff {
  return createPerAddressAdmission(
    { name: 'handoffs-ip', code: 'too_many_handoffs_from_address', reason: 'Too many sign-ins with a phone were started from your network.' },
    spec,
    store,
  );
}
