// Where the provider lives: discovery at the issuer's /.well-known/openid-configuration, every other
// protocol endpoint under /oidc/, and our interaction page at /oidc/interaction/:uid (which is ours,
// not the library's). One table, read by the provider's configuration, the Fastify mount, the Origin
// check, the canonical-host redirect and the log redaction.

export const OIDC_ROUTES = {
  authorization: '/oidc/auth',
  token: '/oidc/token',
  userinfo: '/oidc/me',
  jwks: '/oidc/jwks',
  revocation: '/oidc/token/revocation',
  end_session: '/oidc/session/end',
  pushed_authorization_request: '/oidc/request',
  introspection: '/oidc/token/introspection',
  registration: '/oidc/reg',
  code_verification: '/oidc/device',
  device_authorization: '/oidc/device/auth',
  backchannel_authentication: '/oidc/backchannel',
  challenge: '/oidc/challenge',
  credential: '/oidc/credential',
} as const;

export const DISCOVERY_PATH = '/.well-known/openid-configuration';
export const INTERACTION_PAGE_PREFIX = '/oidc/interaction/';

export function interactionPath(uid: string): string {
  return `${INTERACTION_PAGE_PREFIX}${uid}`;
}

/** A request for the library (not our interaction page), by its request target. */
export function isProviderPath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  if (path === DISCOVERY_PATH) return true;
  return path.startsWith('/oidc/') && !path.startsWith(INTERACTION_PAGE_PREFIX);
}
