// `GET /.well-known/jwks.json`: the public half of the callback signing key, where tru.ID's own dev-server
// fetches it (jwks-rsa with jwksUri `${apiBaseUrl}/.well-known/jwks.json`). No auth, like tru.ID's.
import type { FastifyInstance } from 'fastify';
import type { CallbackSigningKey } from './signing-key.js';

export function registerJwksRoute(app: FastifyInstance, key: CallbackSigningKey): void {
  app.get('/.well-known/jwks.json', async (_request, reply) => reply.type('application/json').header('cache-control', 'public, max-age=600').send(key.jwks));
}
