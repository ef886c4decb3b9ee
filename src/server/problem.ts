// RFC 9457 problem details, the one error shape every /api route answers with.
import type { FastifyReply } from 'fastify';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  request_id: string;
  invalid_params?: { name: string; reason: string }[];
}

/** Problem types are relative URI references (RFC 9457 §3.1.1) naming a stable code. */
export function problemType(code: string): string {
  return `/problems/${code.replace(/_/g, '-')}`;
}

/** The stable code inside a problem type, e.g. "flow-mismatch" for /problems/flow-mismatch. */
export function problemCode(problem: Pick<Problem, 'type'>): string {
  return problem.type.slice(problem.type.lastIndexOf('/') + 1);
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json; charset=utf-8').send(problem);
}
