// Headers on every answer: a strict Content-Security-Policy with no inline script or style, and the
// usual hardening. The CSP allows exactly what the official web SDK needs (truid-api.md):
// connect-src to the API origin for reachability, img-src for check_url in image mode, frame-src data:
// for the SDK's hidden iframe.
import type { FastifyInstance } from 'fastify';

export function contentSecurityPolicy(apiOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: ${apiOrigin}`,
    `connect-src 'self' ${apiOrigin}`,
    'frame-src data:',
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function registerSecurityHeaders(app: FastifyInstance, options: { apiOrigin: string; https: boolean }): void {
  const csp = contentSecurityPolicy(options.apiOrigin);
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('Content-Security-Policy', csp);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    reply.header('X-Request-Id', request.id);
    if (options.https) reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (request.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    done(null, payload);
  });
}
