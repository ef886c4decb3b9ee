// RFC 7807 problem details as tru.ID sends them (models/common/HTTPProblemDetailTypes.v1.yaml). Handlers
// throw a ProblemError; the one error handler in app.ts writes it as application/problem+json.
const ERRORS = 'https://developer.tru.id/docs/reference/api-errors';

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ProblemError';
  }

  toJSON(): { type: string; title: string; status: number; detail: string } {
    return { type: this.type, title: this.title, status: this.status, detail: this.detail };
  }
}

export const problems = {
  badRequest: (detail: string) => new ProblemError(400, `${ERRORS}#bad_request`, 'Bad Request', detail),
  invalidPhoneNumber: () => new ProblemError(400, `${ERRORS}#phone_format_invalid`, 'Bad Request', 'Phone Number Validation Error'),
  mnoNotSupported: () =>
    new ProblemError(400, `${ERRORS}#mno_not_supported`, 'Bad Request', 'Mobile Network Operator Not Supported'),
  unauthorized: (detail: string) =>
    new ProblemError(401, `${ERRORS}#unauthorized`, 'Unauthorized', detail, { 'www-authenticate': 'Bearer realm="tru.ID emulator"' }),
  invalidClient: () =>
    new ProblemError(401, `${ERRORS}#invalid_client`, 'Unauthorized', 'Client authentication failed', {
      'www-authenticate': 'Basic realm="tru.ID emulator"',
    }),
  forbidden: (detail: string) => new ProblemError(403, `${ERRORS}#forbidden`, 'Forbidden', detail),
  checkNotFound: (detail = 'Check Not Found') => new ProblemError(404, `${ERRORS}#check_not_found`, 'Not Found', detail),
  notFound: (detail: string) => new ProblemError(404, `${ERRORS}#not_found`, 'Not Found', detail),
  traceNotFound: () => new ProblemError(404, `${ERRORS}#trace_not_found`, 'Not Found', 'Trace Not Found'),
  traceGone: () => new ProblemError(410, `${ERRORS}#trace_gone`, 'Gone', 'Traces have expired'),
  ipMsisdnMismatch: () => new ProblemError(409, `${ERRORS}#ip_msisdn_mismatch`, 'Conflict', 'ip_msisdn_mismatch'),
  notMobileIp: () => new ProblemError(412, `${ERRORS}#not_mobile_ip`, 'Precondition Failed', 'Not a mobile IP'),
  unsupportedMediaType: (detail: string) => new ProblemError(415, `${ERRORS}#unsupported_media_type`, 'Unsupported Media Type', detail),
  redirectNotSupported: () =>
    new ProblemError(501, `${ERRORS}#mno_redirect_unsupported`, 'Not Implemented', 'Mobile Network Operator Not Supporting Redirect'),
  injected: (status: number) =>
    new ProblemError(status, 'urn:simpass:emulator:injected-fault', 'Injected Fault', `Fault injected through /_emulator/faults (HTTP ${status})`),
  unknownDevice: (id: string) =>
    new ProblemError(400, 'urn:simpass:emulator:unknown-device', 'Unknown Emulator Device', `No device "${id}" in the emulator's network (X-Emulator-Device or active_device)`),
};
