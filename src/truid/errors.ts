// Typed errors with data (style.md §5, after Octokit's RequestError): every failure the client can
// produce is a TruIdError with a stable `code`; the server's one error handler maps them to
// problem+json. Messages name the request (method + path) and never the client secret or a token.

export type TruIdErrorCode =
  | 'TRUID_CONFIG_INVALID'
  | 'TRUID_API_ERROR'
  | 'TRUID_TIMEOUT'
  | 'TRUID_NETWORK_ERROR'
  | 'TRUID_INVALID_RESPONSE';

export class TruIdError extends Error {
  override name = 'TruIdError';
  readonly code: TruIdErrorCode;

  constructor(code: TruIdErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Configuration that cannot be used. The message names the file or variable, the field and the fix. */
export class TruIdConfigError extends TruIdError {
  override name = 'TruIdConfigError';
  /** The file (as named by the user) or `environment`. */
  readonly source: string;
  /** The field or variable at fault, e.g. `credentials[0].client_secret` or `TRU_ID_DATA_RESIDENCY`. */
  readonly field: string;

  constructor(source: string, field: string, problem: string, fix: string) {
    super('TRUID_CONFIG_INVALID', `${source}: ${field} ${problem} — ${fix}`);
    this.source = source;
    this.field = field;
  }
}

/** The request that failed, for logs: never headers (they carry the token or the Basic credentials). */
export interface TruIdRequestInfo {
  method: string;
  path: string;
}

/**
 * tru.ID answered with an error status. Its errors are RFC 7807 problem details
 * (models/common/HTTPProblemDetailTypes.v1.yaml: `type`, `title`, `detail`); a body that is not
 * problem+json (a proxy's HTML page, an empty 502) still gives a TruIdApiError, with `type`
 * `about:blank` and the status text as title (RFC 7807 §4.2).
 */
export class TruIdApiError extends TruIdError {
  override name = 'TruIdApiError';
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly request: TruIdRequestInfo;
  /** The parsed problem document, or the first part of a non-JSON body as text. */
  readonly body: unknown;
  /** From a Retry-After header (429, 503), in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(args: {
    status: number;
    type: string;
    title: string;
    detail?: string | undefined;
    request: TruIdRequestInfo;
    body: unknown;
    retryAfterMs?: number | undefined;
  }) {
    const { status, title, detail, request } = args;
    super(
      'TRUID_API_ERROR',
      `tru.ID ${request.method} ${request.path} answered ${status} ${title}${detail ? `: ${detail}` : ''}`,
    );
    this.status = status;
    this.type = args.type;
    this.title = title;
    this.detail = detail;
    this.request = request;
    this.body = args.body;
    this.retryAfterMs = args.retryAfterMs;
  }
}

export type TruIdTimeoutPhase = 'connect' | 'request';

/** No answer in time: the TCP/TLS connect (`connect`) or the whole request including the body (`request`). */
export class TruIdTimeoutError extends TruIdError {
  override name = 'TruIdTimeoutError';
  readonly phase: TruIdTimeoutPhase;
  readonly timeoutMs: number;
  readonly request: TruIdRequestInfo;

  constructor(args: { phase: TruIdTimeoutPhase; timeoutMs: number; request: TruIdRequestInfo; cause?: unknown }) {
    super(
      'TRUID_TIMEOUT',
      `tru.ID ${args.request.method} ${args.request.path}: no ${args.phase === 'connect' ? 'connection' : 'answer'} within ${args.timeoutMs} ms`,
      { cause: args.cause },
    );
    this.phase = args.phase;
    this.timeoutMs = args.timeoutMs;
    this.request = args.request;
  }
}

/** The connection failed: refused, reset, closed mid-answer, DNS. `errno` is the system code when known. */
export class TruIdNetworkError extends TruIdError {
  override name = 'TruIdNetworkError';
  readonly errno: string | undefined;
  readonly request: TruIdRequestInfo;

  constructor(args: { errno: string | undefined; request: TruIdRequestInfo; cause: unknown }) {
    // An AggregateError (both ::1 and 127.0.0.1 refused) has an empty message: fall back to the errno.
    const message = args.cause instanceof Error ? args.cause.message : String(args.cause);
    const reason = message || args.errno || 'connection failed';
    super('TRUID_NETWORK_ERROR', `tru.ID ${args.request.method} ${args.request.path} failed: ${reason}`, {
      cause: args.cause,
    });
    this.errno = args.errno;
    this.request = args.request;
  }
}

/** A success status whose body is not the JSON the API documents. */
export class TruIdInvalidResponseError extends TruIdError {
  override name = 'TruIdInvalidResponseError';
  readonly status: number;
  readonly request: TruIdRequestInfo;

  constructor(args: { status: number; request: TruIdRequestInfo; reason: string }) {
    super(
      'TRUID_INVALID_RESPONSE',
      `tru.ID ${args.request.method} ${args.request.path} answered ${args.status} with ${args.reason}`,
    );
    this.status = args.status;
    this.request = args.request;
  }
}
