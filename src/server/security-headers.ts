// Headers on every answer: a strict Content-Security-Policy with no inline script or style, and the
// usual hardening. Pages and their assets get the page's policy; JSON answers (the API, the probes) get
// a shorter and stricter set (apiSecurityHeaders). The CSP allows what the official web SDK needs: connect-src to the API origin for
// reachability, img-src for check_url loaded as an image.
//
// No `frame-src data:`: the SDK's image method builds a data: iframe with an inline script, and a
// data: iframe inherits its parent's CSP (HTML's policy-container rules; seen in Chromium 143), so
// that script is blocked by `script-src 'self'` whatever frame-src says. The page therefore uses the
// SDK's v0.2 method (a top-level navigation), which no CSP directive restricts.
import type { FastifyInstance } from 'fastify';
import { answersJsonOnly } from './json-only-paths.js';

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

/**
 * The headers of a JSON answer, which no browser renders as a page: a policy that allows nothing at all
 * (should one be opened as a document, it can run, load and frame nothing), no sniffing into HTML, no
 * framing, no referrer. The page-only headers (COOP, Permissions-Policy, the page's CSP with its
 * origins) would be bytes written on every API answer for no effect: the OWASP REST Security cheat
 * sheet's set. Every request pays for these bytes, the hot polled ones (`/api/session`, probes) most.
 */
export function apiSecurityHeaders(options: Pick<SecurityHeaderOptions, 'https'>): Readonly<Record<string, string>> {
  return Object.freeze({
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    ...(options.https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  });
}

export function registerSecurityHeaders(
  app: FastifyInstance,
  headers: { page: Readonly<Record<string, string>>; api: Readonly<Record<string, string>> },
): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (answersJsonOnly(request.url)) {
      reply.headers(headers.api);
      // Answers about a person (sessions, checks) are never stored by a browser or a proxy.
      if (request.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    } else {
      reply.headers(headers.page);
    }
    reply.header('X-Request-Id', request.id);
    done(null, payload);
  });
}
