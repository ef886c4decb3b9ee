// The hand-off's two cookies, after the pattern of cookies.ts (`__Host-` and Secure over https,
// HttpOnly, SameSite=Lax, only the hash stored): one binds a hand-off to the desktop browser that
// started it, the other to the phone that opened its link.
import type { CookieSpec } from '../cookies.js';
import { CLAIM_WINDOW_SECONDS, HANDOFF_TTL_SECONDS } from './handoff-policy.js';

function cookie(baseName: string, secure: boolean): CookieSpec {
  return {
    name: secure ? `__Host-${baseName}` : baseName,
    options: { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: HANDOFF_TTL_SECONDS + CLAIM_WINDOW_SECONDS },
  };
}

export function handoffDesktopCookie(secure: boolean): CookieSpec {
  return cookie('simpass_handoff', secure);
}

export function handoffPhoneCookie(secure: boolean): CookieSpec {
  return cookie('simpass_handoff_phone', secure);
}
