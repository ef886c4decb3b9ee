// Where a request came from, for the audit trail and session records.
import type { FastifyRequest } from 'fastify';

export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

export function requestContext(request: FastifyRequest): RequestContext {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}
