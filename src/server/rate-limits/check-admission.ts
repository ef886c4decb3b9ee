// Whether a new PhoneCheck may be created — every one is billed. Three limits, asked in this order,
// each only if the one before let the request through:
//   1. per client address: a script on one network is stopped here, before it can touch anyone's
//      number or the day's budget;
//   2. per phone number: one number cannot be sent check after check (a victim's number, hammered
//      from many addresses, is locked for at most one window, never longer);
//   3. the day's budget (the spend cap), counted only for requests that passed both, so a refused
//      script does not spend it.
// Input that is not a valid phone number never gets here (verification.ts validates first), so it
// counts against nothing: it costs nothing either.
//
// While Redis is unreachable, creating checks is refused (503): without the shared counters no
// instance can know how many checks the others made, and counting per instance would multiply the
// spend cap by the number of instances exactly when nobody is watching.
import { createHash } from 'node:crypto';
import type { RateLimitConfig } from '../config.js';
import { FlowError } from '../errors.js';
import { clientAddressKey } from './client-address.js';
import { CounterStoreUnavailableError, createLimiter, type SharedStore } from './limiter.js';
import { limitReached } from './retry-after.js';

export type AdmitCheck = (request: { phoneNumber: string; ip: string | null }) => Promise<void>;

const DAY_MS = 24 * 3600 * 1000;

export function createCheckAdmission(config: RateLimitConfig, store: SharedStore | null, clock: () => Date): AdmitCheck {
  const limiter = (name: string, points: number, windowSeconds: number) =>
    createLimiter({ name, points, windowSeconds, store, onStoreOutage: 'refuse' });
  const perAddress = config.checksPerIp && limiter('checks-ip', config.checksPerIp.points, config.checksPerIp.windowSeconds);
  const perNumber = config.checksPerNumber && limiter('checks-number', config.checksPerNumber.points, config.checksPerNumber.windowSeconds);
  // One counter per UTC day (the day is part of the key), kept two days so it outlives its day
  // wherever the first check of that day fell.
  const perDay = config.checksPerDay && limiter('checks-day', config.checksPerDay, 2 * 24 * 3600);

  return async ({ phoneNumber, ip }) => {
    try {
      if (perAddress) {
        const decision = await perAddress.consume(clientAddressKey(ip ?? 'unknown'));
        if (!decision.allowed) {
          throw limitReached('too_many_checks_from_address', 'Too many verifications were started from your network.', decision.retryAfterMs);
        }
      }
      if (perNumber) {
        const decision = await perNumber.consume(numberKey(phoneNumber));
        if (!decision.allowed) {
          throw limitReached('too_many_checks_for_number', 'Too many verifications were started for this phone number.', decision.retryAfterMs);
        }
      }
      if (perDay) {
        const now = clock();
        const decision = await perDay.consume(now.toISOString().slice(0, 10));
        if (!decision.allowed) {
          const nextDay = Math.floor(now.getTime() / DAY_MS + 1) * DAY_MS;
          throw limitReached('daily_check_budget_spent', 'Simpass has made all the verifications it can make today.', nextDay - now.getTime());
        }
      }
    } catch (error) {
      if (error instanceof CounterStoreUnavailableError) {
        throw new FlowError('rate_limits_unavailable', 'Verification is unavailable for a moment on our side. Please try again in a minute.', undefined, { retryAfterSeconds: 60 });
      }
      throw error;
    }
  };
}

/**
 * The number as a counter key: hashed, so phone numbers do not sit in plain sight in Redis (KEYS,
 * MONITOR, a dump). Not a secret — the space of numbers is small — only out of casual view.
 */
function numberKey(e164: string): string {
  return createHash('sha256').update(e164).digest('base64url').slice(0, 22);
}
