// The one place errors become HTTP answers. Our FlowErrors keep their status and words; tru.ID
// failures become 502/503/504 with words a person can act on; anything unexpected is a 500 whose
// detail says nothing about internals. Every answer carries the request id, never a secret or a stack.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TruIdApiError, TruIdError, TruIdNetworkError, TruIdTimeoutError } from '../truid/index.js';
import { FlowError } from './errors.js';
import { problemType, sendProblem, type Problem } from './problem.js';

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const problem = toProblem(error, request.id);
    if (error instanceof FlowError && error.retryAfterSeconds !== undefined) {
      void reply.header('retry-after', String(error.retryAfterSeconds));
    }
    // A FlowError is a refusal we chose (a 503 from a rate-limit store outage included, whose
    // outage is logged once where it is noticed), not a failure to log with a stack per request.
    if (problem.status >= 500 && !(error instanceof FlowError)) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ code: problem.type, status: problem.status }, 'request refused');
    }
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
    return {
      type: problemType('invalid_request'),
      title: 'Invalid request',
      status: 400,
      detail: `The request is not valid: ${error.message}.`,
      request_id: requestId,
    };
  }
  if (isFastifyError(error) && error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    // Fastify's own client errors: malformed JSON, wrong content type, body too large.
    return {
      type: problemType(error.code ? error.code.toLowerCase() : 'bad_request'),
      title: 'Bad request',
      status: error.statusCode,
      detail: error.message,
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
  if (error instanceof TruIdTimeoutError) {
    return {
      type: problemType('verification_service_timeout'),
      title: 'Verification service timed out',
      status: 504,
      detail: 'The phone verification service did not answer in time. Please try again in a moment.',
      request_id: requestId,
    };
  }
  if (error instanceof TruIdNetworkError || (error instanceof TruIdApiError && (error.status === 503 || error.status === 429))) {
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

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'code' in error;
}
