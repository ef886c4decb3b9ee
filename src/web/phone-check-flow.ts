// The PhoneCheck journey, without the DOM: start a check and hand the page to the check URL; later,
// back at /?check=<id>, read the outcome the server recorded. The caller renders what these return.
import type { PhoneCheckResult, PhoneCheckStarted } from './api.js';
import { ApiError } from './api.js';
import * as messages from './check-messages.js';
import type { Notice } from './messages.js';
import type { Reachability } from './reachability.js';
import { reachabilityFromStatus } from './reachability.js';

export interface PhoneCheckDeps {
  createPhoneCheck(phoneNumber: string): Promise<PhoneCheckStarted>;
  getPhoneCheck(checkId: string): Promise<PhoneCheckResult>;
  /** The SDK's openCheckUrl with version v0.2: navigates the page away, so it normally never settles. */
  openCheckUrl(checkUrl: string): Promise<void>;
  rememberPendingNumber(checkId: string, phoneNumber: string): void;
  forgetPendingNumber(): void;
  wait(ms: number): Promise<void>;
}

export type StartOutcome =
  | { kind: 'navigating' }
  | { kind: 'invalid-number'; message: string }
  /** The SDK's own coverage check (against the check URL's origin) was not 200. */
  | { kind: 'not-reachable'; reachability: Exclude<Reachability, 'reachable'> }
  | { kind: 'failed'; notice: Notice };

/** What the person typed, as the server wants it: no spaces. */
export function normalisePhoneNumber(raw: string): string {
  return raw.replace(/\s+/gu, '');
}

export async function startPhoneCheck(rawNumber: string, deps: PhoneCheckDeps): Promise<StartOutcome> {
  const phoneNumber = normalisePhoneNumber(rawNumber);
  if (phoneNumber === '') return { kind: 'invalid-number', message: messages.numberErrors.emptyNumber };
  // The server is the judge of a number; this only spares it input it refuses anyway (same character rule).
  if (!/^[+\d().-]+$/u.test(phoneNumber)) return { kind: 'invalid-number', message: messages.numberErrors.notANumber };

  let started: PhoneCheckStarted;
  try {
    started = await deps.createPhoneCheck(phoneNumber);
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) {
      return { kind: 'invalid-number', message: error.problem?.detail ?? messages.numberErrors.invalidNumberFallback };
    }
    if (error instanceof ApiError && error.status === 429) return { kind: 'failed', notice: tooMany(error) };
    return { kind: 'failed', notice: messages.check.startFailed };
  }

  // Remember what was typed (with its spaces, as the person wrote it) for when the network brings us back.
  deps.rememberPendingNumber(started.checkId, rawNumber.trim());
  try {
    await deps.openCheckUrl(started.checkUrl);
    return { kind: 'navigating' };
  } catch (error) {
    deps.forgetPendingNumber();
    const reachability = reachabilityFromStatus(coverageCode(error));
    return reachability === 'reachable' ? { kind: 'failed', notice: messages.check.startFailed } : { kind: 'not-reachable', reachability };
  }
}

function tooMany(error: ApiError): Notice {
  return messages.check.tooManyAttempts(error.problem?.detail, error.retryAfterSeconds);
}

function coverageCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

export interface CheckOutcome {
  notice: Notice;
  /** Whether the number was proven to belong to this phone. */
  verified: boolean;
}

export interface PollOptions {
  attempts: number;
  intervalMs: number;
}

export const DEFAULT_POLL: PollOptions = { attempts: 10, intervalMs: 1000 };

/** Reads the outcome of a check, polling while the server says it is still PENDING (202). */
export async function readPhoneCheckOutcome(
  checkId: string,
  phoneNumber: string | null,
  deps: Pick<PhoneCheckDeps, 'getPhoneCheck' | 'wait'>,
  poll: PollOptions = DEFAULT_POLL,
): Promise<CheckOutcome> {
  for (let attempt = 1; attempt <= poll.attempts; attempt += 1) {
    let result: PhoneCheckResult | null = null;
    try {
      result = await deps.getPhoneCheck(checkId);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return { notice: messages.check.notFound, verified: false };
      if (error instanceof ApiError && error.status === 429) return { notice: tooMany(error), verified: false };
      // No answer or a server error: worth another try while attempts remain.
      const transient = !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
      if (!transient) return { notice: messages.check.resultUnavailable, verified: false };
      if (attempt === poll.attempts) return { notice: messages.check.resultUnavailable, verified: false };
    }

    if (result !== null) {
      switch (result.status) {
        case 'COMPLETED':
          return result.match
            ? { notice: messages.check.verified(phoneNumber), verified: true }
            : { notice: messages.check.noMatch, verified: false };
        case 'ERROR':
        case 'EXPIRED':
          return { notice: messages.check.failed(result.message), verified: false };
        case 'PENDING':
          break;
      }
    }
    if (attempt < poll.attempts) await deps.wait(poll.intervalMs);
  }
  return { notice: messages.check.tooSlow, verified: false };
}
