// Headers on every answer: a strict Content-Security-Policy with no inline script or style, and the
// usual hardening. The CSP allows what the official web SDK needs: connect-src to the API origin for
// reachability, img-src for check_url loaded as an image.
//
// No `frame-src data:`: the SDK's image method builds a data: iframe with an inline script, and a
// data: iframe inherits its parent's CSP (HTML's policy-container rules; seen in Chromium 143), so
// that script is blocked by `script-src 'self'` whatever frame-src says. The page therefore uses the
// SDK's v0.2 method (a top-level navigation), which no CSP directive restricts.
import type { FastifyInstance } from 'fastify';

/**
 * `apiOrigins`: the tru.ID API origin, and in emulator mode also `http://*.localhost:<port>`, where
 * each window may reach the emulator as a simulated device of its own (src/emulator/attribution.ts).
 */
export function contentSecurityPolicy(apiOrigins: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: ${apiOrigins}`,
    `connect-src 'self' ${apiOrigins}`,
    "frame-src 'none'",
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
