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
  | 'verification_interrupted'
  | 'not_signed_in';

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
};

export interface InvalidParam {
  name: string;
  reason: string;
}

export class FlowError extends Error {
  readonly status: number;
  readonly title: string;
  constructor(
    readonly code: FlowErrorCode,
    readonly detail: string,
    readonly invalidParams?: InvalidParam[],
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${detail}`, options);
    this.name = 'FlowError';
    this.status = STATUS[code];
    this.title = TITLE[code];
  }
}
