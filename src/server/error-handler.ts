// The one place errors become HTTP answers. Our FlowErrors keep their status and words; tru.ID
// failures become 502/503/504 with words a person can act on; anything unexpected is a 500 whose
// detail says nothing about internals. Every answer carries the request id, never a secret or a stack.
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TOKEN_PATH, TruIdApiError, TruIdError, TruIdNetworkError, TruIdTimeoutError } from '../truid/index.js';
import { FlowError, type InvalidParam } from './errors.js';
import { problemType, sendProblem, type Problem } from './problem.js';

const RETRY_AFTER_SECONDS = 5;

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const problem = problemFromError(error, request);
    if (error instanceof FlowError && error.retryAfterSeconds !== undefined) {
      void reply.header('retry-after', String(error.retryAfterSeconds));
    }
    // A 416 says how long the file is (RFC 9110 §15.5.17); keep that header from the static server.
    const contentRange = clientErrorOf(error)?.headers?.['Content-Range'];
    if (problem.status === 416 && typeof contentRange === 'string') reply.header('Content-Range', contentRange);
    // Every 503 is "try again in a moment" (RFC 9110 §10.2.3): say how long a moment is.
    if (problem.status === 503 && !reply.hasHeader('retry-after')) reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    return sendProblem(reply, problem);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      type: problemType('not_found'),
      title: 'Not found',
      status: 404,
      detail: `There is nothing at ${request.method} ${request.url.split('?')[0]}.`,
      request_id: request.id,
    }),
  );
}

/**
 * The problem an error becomes, logged: our failures at info, anything 5xx at error with the cause.
 * Also for the one route that answers a person's navigation with a redirect instead of a document.
 */
export function problemFromError(error: unknown, request: FastifyRequest): Problem {
  const problem = toProblem(error, request.id);
  // A FlowError is a refusal we chose (a 503 from a rate-limit store outage included, whose
  // outage is logged once where it is noticed), not a failure to log with a stack per request.
  if (problem.status >= 500 && !(error instanceof FlowError)) {
    request.log.error({ err: error }, 'request failed');
  } else {
    request.log.info({ code: problem.type, status: problem.status }, 'request refused');
  }
  return problem;
}

function toProblem(error: unknown, requestId: string): Problem {
  if (error instanceof FlowError) {
    return {
      type: problemType(error.code),
      title: error.title,
      status: error.status,
      detail: error.detail,
      request_id: requestId,
      ...(error.invalidParams ? { invalid_params: error.invalidParams } : {}),
      ...error.extensions,
    };
  }
  if (error instanceof TruIdError) return upstreamProblem(error, requestId);
  if (isFastifyError(error) && error.validation) {
    const invalidParams = error.validation.map((issue) => invalidParam(issue, error.validationContext));
    return {
      type: problemType('invalid_request'),
      title: 'Invalid request',
      status: 400,
      detail: `The request is not valid: ${invalidParams.map((p) => `"${p.name}" ${p.reason}`).join('; ')}.`,
      request_id: requestId,
      invalid_params: invalidParams,
    };
  }
  const clientError = clientErrorOf(error);
  if (clientError) {
    // Client errors raised by Fastify (malformed JSON, wrong content type, body too large) carry a
    // `code`; those from plugins built on http-errors (@fastify/static's 416 for an unsatisfiable
    // Range) carry only a status. Both are the client's mistake, not ours.
    const title = STATUS_CODES[clientError.status] ?? 'Bad request';
    return {
      type: problemType(clientError.code ? clientError.code.toLowerCase() : title.toLowerCase().replace(/[^a-z0-9]+/g, '_')),
      title,
      status: clientError.status,
      detail: clientError.message,
      request_id: requestId,
    };
  }
  return {
    type: problemType('internal_error'),
    title: 'Something went wrong',
    status: 500,
    detail: 'Something went wrong on our side. Please try again; if it keeps happening, quote the request id.',
    request_id: requestId,
  };
}

function upstreamProblem(error: TruIdError, requestId: string): Problem {
  // No token, no check: nothing was attempted, so it is "unavailable, try again" whatever went wrong
  // on the way (a hang, a reset, a 5xx) — except a refusal of our credentials, which is ours to fix.
  const atTokenEndpoint = 'request' in error && (error.request as { path?: unknown }).path === TOKEN_PATH;
  const refusedCredentials = error instanceof TruIdApiError && error.status >= 400 && error.status < 500 && error.status !== 429;
  if (error instanceof TruIdTimeoutError && !atTokenEndpoint) {
    return {
      type: problemType('verification_service_timeout'),
      title: 'Verification service timed out',
      status: 504,
      detail: 'The phone verification service did not answer in time. Please try again in a moment.',
      request_id: requestId,
    };
  }
  if (
    error instanceof TruIdNetworkError ||
    error instanceof TruIdTimeoutError ||
    (error instanceof TruIdApiError && (error.status === 503 || error.status === 429)) ||
    (atTokenEndpoint && !refusedCredentials)
  ) {
    return {
      type: problemType('verification_service_unavailable'),
      title: 'Verification service unavailable',
      status: 503,
      detail: 'The phone verification service cannot be reached right now. Please try again in a moment.',
      request_id: requestId,
    };
  }
  return {
    type: problemType('verification_service_error'),
    title: 'Verification service error',
    status: 502,
    detail: 'The phone verification service gave an answer we could not use. Please try again.',
    request_id: requestId,
  };
}

type ValidationIssue = NonNullable<FastifyError['validation']>[number];

/** One schema violation as RFC 9457 `invalid_params`: which field, and what is wrong with it in words. */
function invalidParam(issue: ValidationIssue, context: string | undefined): InvalidParam {
  const params = issue.params as { additionalProperty?: unknown; missingProperty?: unknown };
  const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const within = (name: string) => (path ? `${path}.${name}` : name).slice(0, 100);
  if (issue.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    return { name: within(params.additionalProperty), reason: 'is not a property this request takes' };
  }
  if (issue.keyword === 'required' && typeof params.missingProperty === 'string') {
    return { name: within(params.missingProperty), reason: 'is required' };
  }
  return { name: path || context || 'request', reason: issue.message ?? 'is not valid' };
}

interface ClientError {
  status: number;
  code: string | undefined;
  message: string;
  headers: Record<string, unknown> | undefined;
}

/** An error that names a 4xx status of its own, as `statusCode` (Fastify) or `status` (http-errors). */
function clientErrorOf(error: unknown): ClientError | undefined {
  if (!(error instanceof Error)) return undefined;
  const fields = error as Error & { statusCode?: unknown; status?: unknown; code?: unknown; headers?: unknown };
  const status = typeof fields.statusCode === 'number' ? fields.statusCode : fields.status;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 499) return undefined;
  return {
    status,
    code: typeof fields.code === 'string' ? fields.code : undefined,
    message: error.message,
    headers: typeof fields.headers === 'object' && fields.headers !== null ? (fields.headers as Record<string, unknown>) : undefined,
  };
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'code' in error;
}
