// Whether a desktop may start another hand-off (POST /api/handoff), per client address. A hand-off
// bills nothing by itself — the phone's check is limited where it is created — but each one is a link
// that can be shown to someone (QR-jacking, handoff/): a script minting thousands is stopped here.
//
// While Redis is unreachable, counted in this process with the same limit, like sign-in attempts:
// nothing is billed, so refusing would only lock desktops out during our outage.
import type { LimitSpec } from '../config.js';
import { clientAddressKey } from './client-address.js';
import { createLimiter, type SharedStore } from './limiter.js';
import { limitReached } from './retry-after.js';

export type AdmitHandoff = (request: { ip: string | null }) => Promise<void>;

export function createHandoffAdmission(spec: LimitSpec | null, store: SharedStore | null): AdmitHandoff {
  if (!spec) return () => Promise.resolve();
  const perAddress = createLimiter({
    name: 'handoffs-ip',
    points: spec.points,
    windowSeconds: spec.windowSeconds,
    store,
    onStoreOutage: 'count-locally',
  });
  return async ({ ip }) => {
    const decision = await perAddress.consume(clientAddressKey(ip ?? 'unknown'));
    if (!decision.allowed) {
      throw limitReached('too_many_handoffs_from_address', 'Too many sign-ins with a phone were started from your network.', decision.retryAfterMs);
    }
  };
}
