// One limit per client address that stays on during a Redis outage: each instance then counts in its
// own memory with the same limit (so N instances allow at most N times the limit), and the outage is
// logged once and shown by /readyz — limited, never silently unlimited. For actions that bill nothing
// (sign-in attempts, hand-off links), where refusing during our outage would only lock people out.
import type { LimitSpec } from '../config.js';
import type { FlowErrorCode } from '../errors.js';
import { clientAddressKey } from './client-address.js';
import { createLimiter, type SharedStore } from './limiter.js';
import { limitReached } from './retry-after.js';

export type AdmitPerAddress = (request: { ip: string | null }) => Promise<void>;

export interface PerAddressLimit {
  /** The counter's own key space, e.g. 'sign-ins-ip'. */
  name: string;
  /** The 429's problem code, and the sentence before "Try again in about …". */
  code: FlowErrorCode;
  reason: string;
}

export function createPerAddressAdmission(limit: PerAddressLimit, spec: LimitSpec | null, store: SharedStore | null): AdmitPerAddress {
  if (!spec) return () => Promise.resolve();
  const perAddress = createLimiter({
    name: limit.name,
    points: spec.points,
    windowSeconds: spec.windowSeconds,
    store,
    onStoreOutage: 'count-locally',
  });
  return async ({ ip }) => {
    const decision = await perAddress.consume(clientAddressKey(ip ?? 'unknown'));
    if (!decision.allowed) throw limitReached(limit.code, limit.reason, decision.retryAfterMs);
  };
}
