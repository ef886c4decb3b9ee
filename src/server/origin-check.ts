// State-changing requests must come from our own pages: the browser's Origin header has to be our
// public origin. This is the CSRF defence for every POST/PUT/PATCH/DELETE (SameSite=Lax cookies are
// the second line).
import type { FastifyInstance } from 'fastify';
import { FlowError } from './errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * 'signature': a server-to-server route that refuses every request not signed by its sender
     * (truid-callbacks/routes.ts). It uses no cookie, so a cross-site request gains nothing, and it has
     * no Origin to check. The only other exemption is `exempt`: the OpenID Connect provider's own
     * endpoints, called by relying parties' servers and guarded by client authentication and PKCE.
     */
    originCheck?: 'signature';
  }
}

export function registerOriginCheck(app: FastifyInstance, publicOrigin: string, options: { exempt?: (url: string) => boolean } = {}): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (SAFE_METHODS.has(request.method)) return done();
    if (request.routeOptions.config.originCheck === 'signature') return done();
    if (options.exempt?.(request.url)) return done();
    const origin = request.headers.origin;
    if (origin !== publicOrigin) {
      return done(new FlowError('origin_forbidden', 'This request must come from the Simpass page itself.'));
    }
    done();
  });
}
