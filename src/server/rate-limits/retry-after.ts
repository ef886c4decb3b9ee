// How long a refused client should wait, as the Retry-After header wants it (whole seconds, RFC 9110
// §10.2.3) and as a sentence a person can act on.
import { FlowError, type FlowErrorCode } from '../errors.js';

/** Whole seconds, rounded up and at least 1: "0" would invite an immediate retry that is refused again. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** "Try again in about 3 minutes." — coarse on purpose: the exact second is not what a person needs. */
export function tryAgainIn(seconds: number): string {
  if (seconds < 60) return 'Try again in less than a minute.';
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return minutes === 1 ? 'Try again in about a minute.' : `Try again in about ${minutes} minutes.`;
  const hours = Math.ceil(seconds / 3600);
  return hours === 1 ? 'Try again in about an hour.' : `Try again in about ${hours} hours.`;
}

/** The 429 a limit answers with: what was limited, and when to come back, in words and in Retry-After. */
export function limitReached(code: FlowErrorCode, reason: string, retryAfterMs: number): FlowError {
  const seconds = retryAfterSeconds(retryAfterMs);
  return new FlowError(code, `${reason} ${tryAgainIn(seconds)}`, undefined, { retryAfterSeconds: seconds });
}
