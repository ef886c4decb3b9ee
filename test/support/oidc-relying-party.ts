// Test support: a relying party (openid-client, as an application would use it) and a browser that
// goes through the provider the way the interaction page does — following the provider's redirects,
// answering the interaction through the JSON API — stopping when it is sent back to the application.
import * as oidc from 'openid-client';
import type { HttpBrowser } from './http-browser.js';

export const DEMO_REDIRECT_URI = 'http://localhost:4001/callback';

export interface RelyingParty {
  config: oidc.Configuration;
  redirectUri: string;
  /** A new authorization request with PKCE (S256) and state; `extra` adds or overrides parameters. */
  authorizationRequest(extra?: Record<string, string>): Promise<{ url: URL; verifier: string; state: string }>;
}

export async function relyingParty(
  issuer: string,
  options: { clientId?: string; clientSecret?: string; redirectUri?: string; customFetch?: oidc.CustomFetch } = {},
): Promise<RelyingParty> {
  const config = await oidc.discovery(
    new URL(issuer),
    options.clientId ?? 'simpass-demo',
    options.clientSecret,
    options.clientSecret ? oidc.ClientSecretBasic(options.clientSecret) : oidc.None(),
    { execute: [oidc.allowInsecureRequests], ...(options.customFetch ? { [oidc.customFetch]: options.customFetch } : {}) },
  );
  // Verify the ID token's signature against the provider's JWKS (openid-client skips it for the code
  // flow by default, trusting TLS to the token endpoint).
  oidc.enableNonRepudiationChecks(config);
  const redirectUri = options.redirectUri ?? DEMO_REDIRECT_URI;
  return {
    config,
    redirectUri,
    async authorizationRequest(extra = {}) {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid phone',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        ...extra,
      });
      return { url, verifier, state };
    },
  };
}

export type Navigation =
  | { kind: 'interaction'; uid: string }
  | { kind: 'callback'; url: URL }
  | { kind: 'page'; response: Response; body: string };

/** Follows the provider's redirects from `url` until our interaction page, the application's callback, or a page. */
export async function navigate(browser: HttpBrowser, server: string, url: string | URL): Promise<Navigation> {
  let next = new URL(url, browser.origin);
  for (let hops = 0; hops < 10; hops += 1) {
    if (next.origin !== browser.origin) return { kind: 'callback', url: next };
    const interaction = /^\/oidc\/interaction\/([A-Za-z0-9_-]+)$/.exec(next.pathname);
    if (interaction) return { kind: 'interaction', uid: interaction[1]! };
    const response = await browser.request(server, `${next.pathname}${next.search}`);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return { kind: 'page', response, body: await response.text() };
    next = new URL(location, next);
  }
  throw new Error('too many redirects');
}

export interface InteractionDetails {
  uid: string;
  prompt: 'login' | 'consent';
  client: { clientId: string; name: string };
  scopes: string[];
  claims: string[];
  session: { signedIn: boolean; freshEnough: boolean; amr: string | null };
}

export async function interactionDetails(browser: HttpBrowser, server: string, uid: string): Promise<InteractionDetails> {
  const response = await browser.request(server, `/api/oidc/interaction/${uid}`);
  if (response.status !== 200) throw new Error(`interaction details answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as InteractionDetails;
}

/** POSTs an answer (login, consent, abort) and returns where the browser is sent. */
export async function answer(browser: HttpBrowser, server: string, uid: string, what: 'login' | 'consent' | 'abort'): Promise<string> {
  const response = await browser.request(server, `/api/oidc/interaction/${uid}/${what}`, { method: 'POST' });
  if (response.status !== 200) throw new Error(`${what} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { redirectTo: string }).redirectTo;
}

/** From the authorization request to the callback: login and consent as asked. Fails on anything else. */
export async function authorize(browser: HttpBrowser, server: string, url: URL | string): Promise<{ callback: URL; prompts: string[] }> {
  const prompts: string[] = [];
  let at = await navigate(browser, server, url);
  while (at.kind === 'interaction') {
    const details = await interactionDetails(browser, server, at.uid);
    prompts.push(details.prompt);
    if (prompts.length > 4) throw new Error(`interaction loop: ${prompts.join(', ')}`);
    at = await navigate(browser, server, await answer(browser, server, at.uid, details.prompt));
  }
  if (at.kind !== 'callback') throw new Error(`expected the callback, got ${at.response.status}: ${at.body.slice(0, 500)}`);
  return { callback: at.url, prompts };
}

/** Submits an auto-submitting form page (the library's form_post answer) as a browser would, and follows on. */
export async function submitFormPage(browser: HttpBrowser, server: string, body: string): Promise<Navigation> {
  const action = /<form method="post" action="([^"]+)"/.exec(body)?.[1];
  if (!action) throw new Error(`not a form page: ${body.slice(0, 300)}`);
  const fields = new URLSearchParams([...body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)].map((m): [string, string] => [m[1]!, m[2]!]));
  const response = await browser.request(server, new URL(action.replace(/&amp;/g, '&'), browser.origin).pathname, { method: 'POST', form: fields });
  const location = response.headers.get('location');
  if (!location) return { kind: 'page', response, body: await response.text() };
  return navigate(browser, server, location);
}
