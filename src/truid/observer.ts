// What the client tells whoever watches it (the server's metrics): one event per HTTP exchange with
// tru.ID and one per token grant. Plain callbacks, so this room imports nothing of the server. Events
// name endpoints as templates (`PATCH /phone_check/v0.2/checks/{check_id}`), never with an id, a
// number, a code or a token in them.
import type { TruIdError } from './errors.js';

export interface TruIdCallEvent {
  /** Method and path template, e.g. `POST /phone_check/v0.2/checks`. */
  endpoint: string;
  method: string;
  /** The status tru.ID answered with; undefined when no answer came (timeout, dropped connection). */
  status: number | undefined;
  /** From sending the request to the end of reading the answer (or the failure). */
  durationMs: number;
  /** Set when this exchange failed: an error status, a timeout, a network failure, an unreadable body. */
  error: TruIdError | undefined;
}

/**
 * Why a new access token was asked for: none was held yet for the scope set (`initial`), the one held
 * was about to expire (`expiring`), or tru.ID refused the one held with a 401 (`refused`).
 */
export type TokenGrantReason = 'initial' | 'expiring' | 'refused';

export interface TokenGrantEvent {
  reason: TokenGrantReason;
  /** false: the grant failed (nothing is cached; the next caller asks again). */
  ok: boolean;
}

export interface TruIdObserver {
  /** Once per attempt: a retried call reports each exchange. */
  onResponse?(event: TruIdCallEvent): void;
  onTokenGrant?(event: TokenGrantEvent): void;
}

/** Calls the observer without letting it break a request: watching must never fail a sign-in. */
export function notify<E>(callback: ((event: E) => void) | undefined, event: () => E): void {
  if (!callback) return;
  try {
    callback(event());
  } catch {
    // An observer's bug is the observer's; the call to tru.ID has already happened either way.
  }
}
