// Bearer tokens on the product APIs (products.yaml securitySchemes ProjectBearerAuth; RFC 6750 §3.1):
// no, unknown, revoked or expired token → 401; a token without the product's scope → 403.
import type { FastifyRequest } from 'fastify';
import { problems } from './problems.js';
import type { KNOWN_UNSERVED_SCOPES } from './scopes.js';
import { parseBearer, type Scope, type TokenStore } from './tokens.js';

export function requireScope(tokens: TokenStore, scope: Scope | (typeof KNOWN_UNSERVED_SCOPES)[number]): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const result = tokens.verify(parseBearer(request.headers.authorization));
    if (!result.ok) {
      const detail = {
        missing: 'An OAuth2 access token is required: Authorization: Bearer <access_token>',
        unknown: 'The access token is not valid (unknown or revoked)',
        expired: 'The access token has expired',
      }[result.reason];
      throw problems.unauthorized(detail);
    }
    if (!result.scopes.has(scope)) throw problems.forbidden(`The access token lacks the "${scope}" scope`);
    return Promise.resolve();
  };
}
