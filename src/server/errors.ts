// The product's own failures, as types with data. Routes and flows throw these; the one error
// handler at the HTTP edge (error-handler.ts) turns them into problem+json. Nothing else formats errors.

export type FlowErrorCode =
  | 'invalid_request'
  | 'invalid_phone_number'
  | 'check_not_found'
  | 'flow_mismatch'
  | 'flow_expired'
  | 'flow_already_completed'
  | 'origin_forbidden'
  | 'not_found'
  | 'simulation_unavailable'
  | 'simulation_unreachable'
  | 'verification_pending'
  | 'verification_not_matched'
  | 'verification_failed'
  | 'not_signed_in'
  | 'verification_interrupted'
  | 'too_many_checks_from_address'
  | 'too_many_checks_for_number'
  | 'daily_check_budget_spent'
  | 'too_many_sign_in_attempts'
  | 'rate_limits_unavailable'
  | 'not_ready'
  | 'sim_changed_recently'
  | 'sim_change_unknown'
  | 'possibly_recycled_number'
  | 'sim_check_unavailable'
  | 'new_account_not_offered'
  | 'sign_in_conflict'
  | 'handoff_link_unknown'
  | 'handoff_not_found'
  | 'handoff_expired'
  | 'handoff_cancelled'
  | 'handoff_already_opened'
  | 'handoff_refused'
  | 'handoff_wrong_code'
  | 'handoff_number_mismatch'
  | 'handoff_not_approved'
  | 'handoff_already_used'
  | 'handoff_changed'
  | 'too_many_handoffs_from_address'
  | 'passkey_refused'
  | 'passkey_not_found'
  | 'last_passkey'
  | 'fresh_sign_in_required'
  | 'oidc_interaction_not_found'
  | 'oidc_interaction_wrong_step'
  | 'oidc_account_mismatch'
  | 'oidc_sign_in_not_fresh'
  | 'callback_signature_invalid'
  | 'callback_key_unknown'
  | 'callback_digest_mismatch'
  | 'callback_stale'
  | 'callback_replayed'
  | 'callback_invalid'
  | 'callback_keys_unavailable'
  | 'too_many_callbacks_from_address';

const STATUS: Record<FlowErrorCode, number> = {
  invalid_request: 400,
  invalid_phone_number: 400,
  check_not_found: 404,
  flow_mismatch: 403,
  flow_expired: 410,
  flow_already_completed: 409,
  origin_forbidden: 403,
  not_found: 404,
  simulation_unavailable: 404,
  simulation_unreachable: 503,
  verification_pending: 409,
  verification_not_matched: 403,
  verification_failed: 403,
  verification_interrupted: 503,
  not_signed_in: 401,
  too_many_checks_from_address: 429,
  too_many_checks_for_number: 429,
  daily_check_budget_spent: 429,
  too_many_sign_in_attempts: 429,
  rate_limits_unavailable: 503,
  not_ready: 503,
  sim_changed_recently: 403,
  sim_change_unknown: 403,
  possibly_recycled_number: 409,
  sim_check_unavailable: 503,
  new_account_not_offered: 409,
  sign_in_conflict: 409,
  handoff_link_unknown: 404,
  handoff_not_found: 404,
  handoff_expired: 410,
  handoff_cancelled: 410,
  handoff_already_opened: 409,
  handoff_refused: 409,
  handoff_wrong_code: 403,
  handoff_number_mismatch: 403,
  handoff_not_approved: 409,
  handoff_already_used: 409,
  handoff_changed: 409,
  too_many_handoffs_from_address: 429,
  passkey_refused: 403,
  passkey_not_found: 404,
  last_passkey: 409,
  fresh_sign_in_required: 403,
  oidc_interaction_not_found: 404,
  oidc_interaction_wrong_step: 409,
  oidc_account_mismatch: 409,
  oidc_sign_in_not_fresh: 409,
  callback_signature_invalid: 401,
  callback_key_unknown: 401,
  callback_digest_mismatch: 401,
  callback_stale: 401,
  callback_replayed: 409,
  callback_invalid: 400,
  callback_keys_unavailable: 503,
  too_many_callbacks_from_address: 429,
};

const TITLE: Record<FlowErrorCode, string> = {
  invalid_request: 'Invalid request',
  invalid_phone_number: 'Invalid phone number',
  check_not_found: 'Check not found',
  flow_mismatch: 'Started in another browser',
  flow_expired: 'Verification expired',
  flow_already_completed: 'Verification already used',
  origin_forbidden: 'Cross-origin request refused',
  not_found: 'Not found',
  simulation_unavailable: 'Not in emulator mode',
  simulation_unreachable: 'Simulated network unreachable',
  verification_pending: 'Verification not finished',
  verification_not_matched: 'Number not verified',
  verification_failed: 'Verification failed',
  verification_interrupted: 'Verification not finished yet',
  not_signed_in: 'Not signed in',
  too_many_checks_from_address: 'Too many verifications from this network',
  too_many_checks_for_number: 'Too many verifications for this number',
  daily_check_budget_spent: 'Daily verification limit reached',
  too_many_sign_in_attempts: 'Too many sign-in attempts',
  rate_limits_unavailable: 'Temporarily unavailable',
  not_ready: 'Not ready',
  sim_changed_recently: 'SIM changed recently',
  sim_change_unknown: 'SIM change not known',
  possibly_recycled_number: 'Possibly a recycled number',
  sim_check_unavailable: 'SIM check unavailable',
  new_account_not_offered: 'New account not offered',
  sign_in_conflict: 'Please try again',
  handoff_link_unknown: 'Sign-in link not valid',
  handoff_not_found: 'No hand-off here',
  handoff_expired: 'Sign-in link expired',
  handoff_cancelled: 'Sign-in cancelled on the computer',
  handoff_already_opened: 'Link already opened on another phone',
  handoff_refused: 'Hand-off ended',
  handoff_wrong_code: 'Wrong code',
  handoff_number_mismatch: 'Not the number typed on the computer',
  handoff_not_approved: 'Not confirmed on the phone yet',
  handoff_already_used: 'Hand-off already used',
  handoff_changed: 'Hand-off changed meanwhile',
  too_many_handoffs_from_address: 'Too many hand-offs from this network',
  passkey_refused: 'Passkey not accepted',
  passkey_not_found: 'Passkey not found',
  last_passkey: 'Your last passkey',
  fresh_sign_in_required: 'Please sign in again',
  oidc_interaction_not_found: 'Sign-in request not found',
  oidc_interaction_wrong_step: 'Not this step',
  oidc_account_mismatch: 'Signed in as someone else',
  oidc_sign_in_not_fresh: 'Please sign in again',
  callback_signature_invalid: 'Callback signature not valid',
  callback_key_unknown: 'Callback signed with an unknown key',
  callback_digest_mismatch: 'Callback body does not match its Digest',
  callback_stale: 'Callback date out of range',
  callback_replayed: 'Callback already received',
  callback_invalid: 'Callback not understood',
  callback_keys_unavailable: 'tru.ID signing keys unavailable',
  too_many_callbacks_from_address: 'Too many callbacks from this address',
};

/** RFC 9457 extension members a problem may carry beside the standard ones (plain values only). */
export type ProblemExtensions = Readonly<Record<string, string | number | boolean>>;

export interface InvalidParam {
  name: string;
  reason: string;
}

export class FlowError extends Error {
  readonly status: number;
  readonly title: string;
  readonly extensions: ProblemExtensions | undefined;
  /** Sent as Retry-After (whole seconds) with a 429 or 503. */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    readonly code: FlowErrorCode,
    readonly detail: string,
    readonly invalidParams?: InvalidParam[],
    options: { extensions?: ProblemExtensions; cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(`${code}: ${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.extensions = options.extensions;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.name = 'FlowError';
    this.status = STATUS[code];
    this.title = TITLE[code];
  }
}
