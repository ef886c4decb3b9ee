// The one error shape (RFC 9457, problem.ts) as a shared schema: every route's error responses refer
// to it as { $ref: 'Problem#' }, and the OpenAPI document lists it once under components.schemas.
// Extensions (try_again_after, new_account_available, reason, …) stay: additionalProperties is open,
// so the serialiser keeps whatever a refusal adds.
export const PROBLEM_SCHEMA = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details (application/problem+json). Refusals may add members of their own.',
  required: ['type', 'title', 'status', 'detail', 'request_id'],
  properties: {
    type: { type: 'string', description: 'A relative URI naming a stable code, e.g. /problems/too-many-checks-for-number' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', description: 'In words a person can act on' },
    request_id: { type: 'string' },
    invalid_params: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'reason'],
        properties: { name: { type: 'string' }, reason: { type: 'string' } },
      },
    },
  },
  additionalProperties: true,
} as const;

/** A problem+json response of the shared schema, with the description OpenAPI wants for each status. */
export function problem(description: string) {
  return { description, content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } } } as const;
}
