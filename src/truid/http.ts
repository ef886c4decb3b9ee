// The one request path (style.md §4, after Octokit's `request`): every call to tru.ID — the token grant
// and the product APIs — goes through `send()`, which owns the connection pool, timeouts, retries and
// the mapping of failures to typed errors. Resources above it only name a method, a path and a body.
import { STATUS_CODES } from 'node:http';
import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import {
  TruIdApiError,
  TruIdError,
  TruIdInvalidResponseError,
  TruIdNetworkError,
  TruIdTimeoutError,
  type TruIdRequestInfo,
} from './errors.js';
import { notify, type TruIdObserver } from './observer.js';
import type { ProblemDetails, TruIdScope } from './types.js';

export interface TruIdTimeouts {
  /** TCP (and TLS) connect. */
  connectMs: number;
  /** The whole request: connect, send, wait for the answer, read the body. */
  requestMs: number;
}

export interface TruIdRetryOptions {
  /** Total attempts including the first; 1 disables retries. */
  attempts: number;
  /** First backoff; doubles per attempt, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the 429/503 is surfaced instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_TIMEOUTS: Readonly<TruIdTimeouts> = Object.freeze({ connectMs: 5_000, requestMs: 10_000 });
export const DEFAULT_RETRY: Readonly<TruIdRetryOptions> = Object.freeze({
  attempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 2_000,
  maxRetryAfterMs: 5_000,
});

export type HttpMethod = 'GET' | 'POST' | 'PATCH';

export interface HttpRequest {
  method: HttpMethod;
  /** Starts with `/`; path parameters already encoded. */
  path: string;
  /**
   * The path as a template, for observers (metrics): `/phone_check/v0.2/checks/{check_id}`. Required
   * whenever `path` holds an id; defaults to `path`.
   */
  endpoint?: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Repeating the request cannot change anything on the server, so it may be retried after a 5xx, a
   * timeout or a dropped connection. Defaults to true for GET only (RFC 9110 §9.2.2): a POST that
   * created a check and lost its answer must not create (and bill) a second one.
   */
  idempotent?: boolean;
  /** This request's own deadline, instead of `timeouts.requestMs` (the token grant is kept short). */
  timeoutMs?: number;
  /** This request's own number of attempts, instead of `retry.attempts`. */
  attempts?: number;
}

export interface Http {
  send<T>(request: HttpRequest): Promise<T>;
  /** Closes the keep-alive pool (only when this module created it). */
  close(): Promise<void>;
}

/** What resources call: one authorised request under an OAuth2 scope (see client.ts). */
export type ApiRequest = <T>(request: {
  method: HttpMethod;
  path: string;
  /** `path` as a template, without ids: `/phone_check/v0.2/checks/{check_id}`. */
  endpoint: string;
  scope: TruIdScope;
  json?: unknown;
  /** Defaults to application/json when `json` is given. */
  contentType?: string;
}) => Promise<T>;

export interface CreateHttpOptions {
  baseUrl: string;
  timeouts?: Partial<TruIdTimeouts> | undefined;
  retry?: Partial<TruIdRetryOptions> | undefined;
  /** Bring your own undici dispatcher (then `close()` leaves it open: the caller owns it). */
  dispatcher?: Dispatcher | undefined;
  /** For tests: how to wait between attempts, and the jitter source. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
  random?: (() => number) | undefined;
  /** Told about every exchange (observer.ts). */
  observer?: TruIdObserver | undefined;
}

// Errors raised before a single byte of the request could have left: retrying these cannot repeat a
// side effect, whatever the method.
const NOT_SENT_ERRNOS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

const USER_AGENT = 'simpass-truid/0.1';

export function createHttp(options: CreateHttpOptions): Http {
  const timeouts: TruIdTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const retry: TruIdRetryOptions = { ...DEFAULT_RETRY, ...options.retry };
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const random = options.random ?? Math.random;

  // One pool per client, kept alive between calls: a sign-in makes several calls to the same origin
  // (token, create, complete) and a fresh TLS handshake for each would dominate its latency.
  const ownAgent = options.dispatcher
    ? undefined
    : new Agent({
        connect: { timeout: timeouts.connectMs },
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 120_000,
        headersTimeout: timeouts.requestMs,
        bodyTimeout: timeouts.requestMs,
      });
  const dispatcher: Dispatcher = options.dispatcher ?? (ownAgent as Agent);

  const onResponse = options.observer?.onResponse?.bind(options.observer);

  async function once(request: HttpRequest, info: TruIdRequestInfo): Promise<unknown> {
    const controller = new AbortController();
    const requestMs = request.timeoutMs ?? timeouts.requestMs;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, requestMs);
    const startedAt = performance.now();
    let statusCode: number | undefined;
    let failure: unknown;
    try {
      let headers: Record<string, string | string[] | undefined>;
      let text: string;
      try {
        const response = await undiciRequest(baseUrl + request.path, {
          method: request.method,
          headers: { 'user-agent': USER_AGENT, accept: 'application/hal+json, application/json', ...request.headers },
          body: request.body,
          dispatcher,
          signal: controller.signal,
        });
        statusCode = response.statusCode;
        headers = response.headers;
        // Inside the timer: a server that sends headers and then stalls the body is a timeout too.
        text = await response.body.text();
      } catch (error) {
        throw transportError(error, timedOut, info, { ...timeouts, requestMs });
      }
      return interpret(statusCode, headers, text, info);
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      clearTimeout(timer);
      notify(onResponse, () => ({
        endpoint: `${request.method} ${request.endpoint ?? request.path}`,
        method: request.method,
        status: statusCode,
        durationMs: performance.now() - startedAt,
        error: failure instanceof TruIdError ? failure : undefined,
      }));
    }
  }

  function retryDelay(error: unknown, request: HttpRequest, attempt: number): number | undefined {
    const idempotent = request.idempotent ?? request.method === 'GET';
    const backoff = (): number => {
      const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
      return Math.round(ceiling / 2 + (random() * ceiling) / 2); // "equal jitter": spread, never zero
    };
    if (error instanceof TruIdApiError) {
      if (!idempotent || (error.status !== 429 && error.status < 500)) return undefined;
      if (error.retryAfterMs !== undefined) {
        // RFC 9110 §10.2.3: the server said when; waiting less is pointless, waiting longer than the
        // cap would hold a sign-in hostage, so surface the error instead.
        return error.retryAfterMs <= retry.maxRetryAfterMs ? error.retryAfterMs : undefined;
      }
      return backoff();
    }
    if (error instanceof TruIdTimeoutError) {
      return idempotent || error.phase === 'connect' ? backoff() : undefined;
    }
    if (error instanceof TruIdNetworkError) {
      return idempotent || (error.errno !== undefined && NOT_SENT_ERRNOS.has(error.errno)) ? backoff() : undefined;
    }
    return undefined;
  }

  return {
    async send<T>(request: HttpRequest): Promise<T> {
      const info: TruIdRequestInfo = { method: request.method, path: request.path };
      for (let attempt = 1; ; attempt++) {
        try {
          return (await once(request, info)) as T;
        } catch (error) {
          const delay = attempt < (request.attempts ?? retry.attempts) ? retryDelay(error, request, attempt) : undefined;
          if (delay === undefined) throw error;
          await sleep(delay);
        }
      }
    },
    async close(): Promise<void> {
      await ownAgent?.close();
    },
  };
}

function transportError(
  error: unknown,
  timedOut: boolean,
  request: TruIdRequestInfo,
  timeouts: TruIdTimeouts,
): TruIdError {
  if (error instanceof TruIdError) return error;
  if (timedOut) return new TruIdTimeoutError({ phase: 'request', timeoutMs: timeouts.requestMs, request, cause: error });
  const code = errorCode(error);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new TruIdTimeoutError({ phase: 'connect', timeoutMs: timeouts.connectMs, request, cause: error });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new TruIdTimeoutError({ phase: 'request', timeoutMs: timeouts.requestMs, request, cause: error });
  }
  // undici wraps socket failures (UND_ERR_SOCKET "other side closed"); the system errno, when there is
  // one, sits on the cause.
  const causeCode = error instanceof Error ? errorCode(error.cause) : undefined;
  const errno = code?.startsWith('UND_ERR') ? (causeCode ?? code) : code;
  return new TruIdNetworkError({ errno, request, cause: error });
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

// tru.ID answers application/hal+json for resources, application/json for the token and
// application/problem+json for errors (products.yaml, basics.yaml): any `+json` suffix is JSON (RFC 6839 §3.1).
function isJsonMediaType(contentType: string | undefined): boolean {
  const media = contentType?.split(';')[0]?.trim().toLowerCase();
  return media !== undefined && (media === 'application/json' || (media.startsWith('application/') && media.endsWith('+json')));
}

function interpret(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  text: string,
  request: TruIdRequestInfo,
): unknown {
  const contentType = header(headers, 'content-type');
  const json = isJsonMediaType(contentType);
  if (status >= 200 && status < 300) {
    if (text === '') return undefined;
    if (!json) {
      throw new TruIdInvalidResponseError({ status, request, reason: `a ${contentType ?? 'untyped'} body where JSON was expected` });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new TruIdInvalidResponseError({ status, request, reason: 'a body that is not valid JSON' });
    }
  }

  const fallbackTitle = STATUS_CODES[status] ?? 'Error';
  const retryAfterMs = parseRetryAfter(header(headers, 'retry-after'));
  let problem: ProblemDetails | undefined;
  if (json && text !== '') {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) problem = parsed as ProblemDetails;
    } catch {
      // A truncated or mislabelled body: fall through to the text form below.
    }
  }
  if (problem) {
    return raise({
      status,
      type: typeof problem.type === 'string' ? problem.type : 'about:blank',
      title: typeof problem.title === 'string' ? problem.title : fallbackTitle,
      detail: typeof problem.detail === 'string' ? problem.detail : undefined,
      request,
      body: problem,
      retryAfterMs,
    });
  }
  // Not problem+json (a proxy's HTML page, a bare 502): RFC 7807 §4.2 `about:blank`, the status text
  // as title, and a short, single-line excerpt of the body as detail.
  const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return raise({
    status,
    type: 'about:blank',
    title: fallbackTitle,
    detail: excerpt === '' ? undefined : excerpt,
    request,
    body: excerpt === '' ? undefined : excerpt,
    retryAfterMs,
  });
}

function raise(args: ConstructorParameters<typeof TruIdApiError>[0]): never {
  throw new TruIdApiError(args);
}

// RFC 9110 §10.2.3: delay-seconds or an HTTP-date.
function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
