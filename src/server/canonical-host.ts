// Pages are served only at PUBLIC_URL's host. Someone who opens http://127.0.0.1:4000 while
// PUBLIC_URL is http://localhost:4000 would otherwise get cookies on one host and the network's
// redirect on the other, and every check would fail as "started in another browser". So page
// requests on any other host are sent to the same path on the public origin. API calls are left
// alone (they are refused by the Origin check where it matters), and the operational routes answer
// on any host (a probe or Prometheus reaches the instance by its own address).
import type { FastifyInstance } from 'fastify';
import { answersJsonOnly } from './json-only-paths.js';

/**
 * `issuer`: the OpenID Connect provider's own origin (OIDC_ISSUER) when it differs from PUBLIC_URL's
 * (another port of the same host): there the provider's endpoints are served as they are, since
 * relying parties fetch them at that origin; pages still go to PUBLIC_URL.
 */
export function registerCanonicalHost(app: FastifyInstance, publicUrl: string, issuer?: { origin: string; isProviderPath: (url: string) => boolean }): void {
  const canonical = new URL(publicUrl);
  const issuerHost = issuer ? new URL(issuer.origin).host : undefined;
  app.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return done();
    if (answersJsonOnly(request.url)) return done();
    const host = request.host;
    if (!host || host === canonical.host) return done();
    if (host === issuerHost && issuer?.isProviderPath(request.url)) return done();
    void reply.redirect(`${canonical.origin}${pathAndQuery(request.url)}`, 308);
  });
}

/**
 * The path and query of a request target. An absolute-form target (`GET http://evil.example/x`,
 * RFC 9112 §3.2.2) must not be appended to our origin as it stands; an origin-form one starts with
 * "/", so prefixing our origin keeps the host ours even for "//evil.example".
 */
function pathAndQuery(target: string): string {
  if (target.startsWith('/')) return target;
  try {
    const url = new URL(target);
    // Only hierarchical URLs have a path of ours to keep ("mailto:x" has the path "x").
    return url.pathname.startsWith('/') ? `${url.pathname}${url.search}` : '/';
  } catch {
    return '/';
  }
}
