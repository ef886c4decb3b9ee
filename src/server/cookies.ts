// Names and attributes of our two cookies. `__Host-` and Secure whenever we are served over https;
// plain-http localhost relaxes Secure (browsers would drop the cookie otherwise). HttpOnly so page
// script never sees them; SameSite=Lax so they still ride the top-level redirect back from the network.
import type { CookieSerializeOptions } from '@fastify/cookie';

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
