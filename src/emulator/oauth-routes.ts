// POST /oauth2/v1/token (basics.yaml oauth2-token): HTTP Basic client_id:client_secret, form body
// grant_type=client_credentials&scope=<space separated> (RFC 6749 §4.4).
import type { FastifyInstance } from 'fastify';
import { credentialsMatch } from './credentials.js';
import type { EmulatorState } from './control.js';
import { problems } from './problems.js';
import { grantScopes } from './scopes.js';
import { parseBasicAuth } from './tokens.js';

export function registerOAuthRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.post('/oauth2/v1/token', async (request, reply) => {
    state.stats.countTokenRequest();
    const given = parseBasicAuth(request.headers.authorization);
    if (!given || !credentialsMatch(state.credentials, given)) throw problems.invalidClient();
    const form = (request.body ?? {}) as Record<string, unknown>;
    if (form.grant_type !== 'client_credentials') {
      throw problems.badRequest('grant_type must be "client_credentials" (unsupported_grant_type)');
    }
    const grant = grantScopes(form.scope);
    if (!grant.ok) throw problems.badRequest(`invalid_scope: no scope tru.ID knows was asked for (${grant.unknown.join(', ')})`);
    // RFC 6749 §5.1: the token response is never cached.
    return reply.header('cache-control', 'no-store').type('application/json').send(state.tokens.issue(grant.granted));
  });
}
