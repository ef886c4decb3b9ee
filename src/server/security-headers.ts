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

export interface SecurityHeaderOptions {
  apiOrigin: string;
  https: boolean;
}

/** The headers every answer carries, as a plain map: also written by hand on parser-level errors (protocol-errors.ts). */
export function securityHeaders(options: SecurityHeaderOptions): Readonly<Record<string, string>> {
  return Object.freeze({
    'Content-Security-Policy': contentSecurityPolicy(options.apiOrigin),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    ...(options.https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  });
}

export function registerSecurityHeaders(app: FastifyInstance, headers: Readonly<Record<string, string>>): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.headers(headers);
    reply.header('X-Request-Id', request.id);
    if (request.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    done(null, payload);
  });
}
