// The flow cookie's name and attributes. `__Host-` and Secure whenever we are served over https;
// plain-http localhost relaxes Secure (browsers would drop the cookie otherwise). HttpOnly so page
// script never sees it; SameSite=Lax so it still rides the top-level redirect back from the network.
import type { CookieSerializeOptions } from '@fastify/cookie';

export interface FlowCookie {
  name: string;
  options: CookieSerializeOptions;
}

export function flowCookie(secure: boolean, maxAgeSeconds: number): FlowCookie {
  return {
    name: secure ? '__Host-simpass_flow' : 'simpass_flow',
    options: { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: maxAgeSeconds },
  };
}
