// Emulator mode's one relying party, so `npm start` and `npm run example` (examples/, on port 4001)
// work together with nothing configured. A public client (no secret, PKCE does the work), as a
// browser-side or native app would be. Never present when real tru.ID credentials are configured.
import type { ClientMetadata } from 'oidc-provider';

export const DEMO_CLIENT_ID = 'simpass-demo';
export const DEMO_REDIRECT_URI = 'http://localhost:4001/callback';
export const DEMO_POST_LOGOUT_REDIRECT_URI = 'http://localhost:4001/';

/** `redirectUri` (OIDC_DEMO_REDIRECT_URI) moves the callback, e.g. for a test's relying party on another port. */
export function demoClient(redirectUri: string = DEMO_REDIRECT_URI): ClientMetadata {
  return {
    client_id: DEMO_CLIENT_ID,
    client_name: 'Simpass demo app',
    token_endpoint_auth_method: 'none',
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [redirectUri === DEMO_REDIRECT_URI ? DEMO_POST_LOGOUT_REDIRECT_URI : new URL('/', redirectUri).href],
  };
}
