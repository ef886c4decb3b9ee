// Names and attributes of our two cookies. `__Host-` and Secure whenever we are served over https;
// plain-http localhost relaxes Secure (browsers would drop the cookie otherwise). HttpOnly so page
// script never sees them; SameSite=Lax so they still ride the top-level redirect back from the network.
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply } from 'fastify';

export interface CookieSpec {
  name: string;
  options: CookieSerializeOptions;
}

function cookie(baseName: string, secure: boolean, maxAgeSeconds: number): CookieSpec {
  return {
    name: secure ? `__Host-${baseName}` : baseName,
    options: { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: maxAgeSeconds },
  };
}

/** Ties a started check to this browser. */
export function flowCookie(secure: boolean, maxAgeSeconds: number): CookieSpec {
  return cookie('simpass_flow', secure, maxAgeSeconds);
}

/** The signed-in session. */
export function sessionCookie(secure: boolean, maxAgeSeconds: number): CookieSpec {
  return cookie('simpass_session', secure, maxAgeSeconds);
}

/**
 * Clears a cookie with the attributes it was set with. A browser ignores a `__Host-` Set-Cookie that
 * lacks Secure or Path=/ (RFC 6265bis §4.1.3.2), so a bare clear would leave the old cookie in place.
 */
export function clearCookie(reply: FastifyReply, spec: CookieSpec): void {
  const { maxAge: _maxAge, expires: _expires, ...attributes } = spec.options;
  reply.clearCookie(spec.name, attributes);
}
