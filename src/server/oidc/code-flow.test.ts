// The provider end to end without a browser: openid-client as the application, a SIM sign-in on the
// emulator for the person's Simpass session, and the interaction answered through our JSON API as the
// page does. Every refusal an application or an attacker can meet is here too.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHttpBrowser, signUpOrIn, type HttpBrowser } from '../../../test/support/http-browser.js';
import {
  answer,
  authorize,
  interactionDetails,
  navigate,
  relyingParty,
  submitFormPage,
  type RelyingParty,
} from '../../../test/support/oidc-relying-party.js';
import { describeOnEachDialect, startStack, type Stack } from '../../../test/support/stack.js';

describeOnEachDialect('OpenID Connect code flow on %s', (dialect) => {
  let stack: Stack;
  let rp: RelyingParty;
  beforeAll(async () => {
    stack = await startStack({ dialect });
    rp = await relyingParty(stack.appUrl);
  });
  afterAll(async () => stack?.close());

  async function signedInBrowser(phoneNumber = '+447700900001', deviceId = 'phone'): Promise<HttpBrowser> {
    const browser = createHttpBrowser(stack.appUrl);
    const signIn = await signUpOrIn(browser, stack.appUrl, phoneNumber, deviceId);
    expect(signIn.status).toBe(200);
    return browser;
  }

  async function codeGrant(browser: HttpBrowser, extra: Record<string, string> = {}) {
    const request = await rp.authorizationRequest(extra);
    const { callback, prompts } = await authorize(browser, stack.appUrl, request.url);
    const tokens = await oidc.authorizationCodeGrant(rp.config, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state });
    return { tokens, prompts, callback, request };
  }

  it('publishes discovery: code flow only, PKCE S256, openid and phone, our endpoints', async () => {
    const metadata = rp.config.serverMetadata();
    expect(metadata.issuer).toBe(stack.appUrl);
    expect(metadata.response_types_supported).toEqual(['code']);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.scopes_supported).toEqual(['openid', 'phone']);
    expect(metadata.grant_types_supported).toEqual(['authorization_code']);
    expect(metadata.token_endpoint).toBe(`${stack.appUrl}/oidc/token`);
    expect(metadata.end_session_endpoint).toBe(`${stack.appUrl}/oidc/session/end`);
    expect(metadata.revocation_endpoint).toBe(`${stack.appUrl}/oidc/token/revocation`);
    const jwks = (await (await fetch(metadata.jwks_uri!)).json()) as { keys: { alg: string; d?: string }[] };
    expect(jwks.keys.map((key) => key.alg).sort()).toEqual(['ES256', 'RS256']);
    expect(jwks.keys.some((key) => 'd' in key)).toBe(false);
  });

  it('signs a SIM-verified person in: login, consent naming the app, code, tokens, verified ID token, userinfo, revocation, logout', async () => {
    const browser = await signedInBrowser();
    const request = await rp.authorizationRequest();
    let at = await navigate(browser, stack.appUrl, request.url);
    if (at.kind !== 'interaction') throw new Error(`expected the interaction page, got ${at.kind}`);
    const login = await interactionDetails(browser, stack.appUrl, at.uid);
    expect(login).toMatchObject({
      prompt: 'login',
      // The host the answer goes to, which the consent screen shows beside the name.
      client: { clientId: 'simpass-demo', name: 'Simpass demo app', redirectHost: new URL(rp.redirectUri).host },
      scopes: ['openid', 'phone'],
      claims: ['sub', 'phone_number', 'phone_number_verified'],
      session: { signedIn: true, freshEnough: true, amr: 'sim' },
    });
    at = await navigate(browser, stack.appUrl, await answer(browser, stack.appUrl, at.uid, 'login'));
    if (at.kind !== 'interaction') throw new Error(`expected the consent page, got ${at.kind}`);
    const consent = await interactionDetails(browser, stack.appUrl, at.uid);
    expect(consent).toMatchObject({ prompt: 'consent', client: { name: 'Simpass demo app' }, scopes: ['openid', 'phone'] });
    at = await navigate(browser, stack.appUrl, await answer(browser, stack.appUrl, at.uid, 'consent'));
    if (at.kind !== 'callback') throw new Error(`expected the callback, got ${at.kind}`);
    expect(`${at.url.origin}${at.url.pathname}`).toBe(rp.redirectUri);

    const tokens = await oidc.authorizationCodeGrant(rp.config, at.url, { pkceCodeVerifier: request.verifier, expectedState: request.state });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ iss: stack.appUrl, aud: 'simpass-demo', phone_number: '+447700900001', phone_number_verified: true, amr: ['sim'] });
    expect(claims.sub).not.toContain('447700900001');
    expect(typeof claims.auth_time).toBe('number');
    const session = (await (await browser.request(stack.appUrl, '/api/session')).json()) as { data: { session: { authenticatedAt: string } } };
    expect(claims.auth_time).toBe(Math.floor(Date.parse(session.data.session.authenticatedAt) / 1000));

    const userinfo = await oidc.fetchUserInfo(rp.config, tokens.access_token, claims.sub);
    expect(userinfo).toMatchObject({ sub: claims.sub, phone_number: '+447700900001', phone_number_verified: true });

    await oidc.tokenRevocation(rp.config, tokens.access_token);
    await expect(oidc.fetchUserInfo(rp.config, tokens.access_token, claims.sub)).rejects.toThrow(/challenge|invalid_token/);

    // RP-initiated logout: the provider asks, the person confirms, the application gets its page back.
    const logoutUrl = oidc.buildEndSessionUrl(rp.config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'http://localhost:4001/' });
    const question = await navigate(browser, stack.appUrl, logoutUrl);
    if (question.kind !== 'page') throw new Error(`expected the sign-out question, got ${question.kind}`);
    expect(question.body).toContain('Sign out of Simpass?');
    expect(question.body).toContain('Simpass demo app');
    expect(question.body).not.toMatch(/<script|<style| style=/);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(question.body)?.[1];
    const action = /action="([^"]+)"/.exec(question.body)?.[1];
    expect(question.response.headers.get('content-security-policy')).toMatch(/form-action 'self' http:\/\/localhost:4001/);
    const confirmed = await fetch(new URL(action!, stack.appUrl), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.appUrl, cookie: cookieHeader(browser) },
      body: new URLSearchParams({ xsrf: xsrf!, logout: 'yes' }),
    });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe('http://localhost:4001/');
    // …and Simpass's own session ended with it.
    const after = await fetch(`${stack.appUrl}/api/session`, { headers: { cookie: cookieHeader(browser) } });
    expect(((await after.json()) as { data: { user: unknown } }).data.user).toBeNull();

    // Nothing secret of the flow reached the logs, though the logout URL carried the ID token.
    const logs = stack.logs();
    expect(logs).toContain('/oidc/session/end?id_token_hint=[redacted]');
    for (const secret of [at.url.searchParams.get('code')!, tokens.access_token, tokens.id_token!, request.verifier]) {
      expect(logs).not.toContain(secret);
    }
  });

  it('remembers consent: a second authorization for the same client and scopes asks nothing', async () => {
    const browser = await signedInBrowser('+447700900002', 'other-sim');
    expect((await codeGrant(browser)).prompts).toEqual(['login', 'consent']);
    // A new provider session (another browser, same account): still no consent asked.
    const other = await signedInBrowser('+447700900002', 'other-sim');
    expect((await codeGrant(other)).prompts).toEqual(['login']);
    expect((await codeGrant(other)).prompts).toEqual([]);
  });

  it('gives each account its own stable sub, the same across sign-ins', async () => {
    const first = (await codeGrant(await signedInBrowser('+447700900001'))).tokens.claims()!.sub;
    const again = (await codeGrant(await signedInBrowser('+447700900001'))).tokens.claims()!.sub;
    const other = (await codeGrant(await signedInBrowser('+447700900002', 'other-sim'))).tokens.claims()!.sub;
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(first).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('refuses an unregistered redirect_uri with a page in words, never redirecting there', async () => {
    const browser = await signedInBrowser();
    const { url } = await rp.authorizationRequest({ redirect_uri: 'https://attacker.example/callback' });
    const at = await navigate(browser, stack.appUrl, url);
    if (at.kind !== 'page') throw new Error(`expected an error page, got ${at.kind}`);
    expect(at.response.status).toBe(400);
    expect(at.body).toContain('redirect_uri did not match any of the client');
    expect(at.body).not.toContain('attacker.example');
    expect(at.body).not.toMatch(/<script|<style/);
  });

  it('refuses an authorization request without PKCE, or with the plain method', async () => {
    const browser = await signedInBrowser();
    for (const extra of [{ code_challenge: '', code_challenge_method: '' }, { code_challenge_method: 'plain' }] as Record<string, string>[]) {
      const { url } = await rp.authorizationRequest(extra);
      if (!extra.code_challenge_method) {
        url.searchParams.delete('code_challenge');
        url.searchParams.delete('code_challenge_method');
      }
      const at = await navigate(browser, stack.appUrl, url);
      if (at.kind !== 'callback') throw new Error(`expected an error at the callback, got ${at.kind}`);
      expect(at.url.searchParams.get('error')).toBe('invalid_request');
      expect(at.url.searchParams.get('code')).toBeNull();
    }
  });

  it('refuses a code redeemed with the wrong PKCE verifier', async () => {
    const browser = await signedInBrowser();
    const request = await rp.authorizationRequest();
    const { callback } = await authorize(browser, stack.appUrl, request.url);
    await expect(
      oidc.authorizationCodeGrant(rp.config, callback, { pkceCodeVerifier: oidc.randomPKCECodeVerifier(), expectedState: request.state }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a replayed code, and revokes the tokens the first use issued', async () => {
    const browser = await signedInBrowser();
    const { tokens, callback, request } = await codeGrant(browser);
    await expect(
      oidc.authorizationCodeGrant(rp.config, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(oidc.fetchUserInfo(rp.config, tokens.access_token, tokens.claims()!.sub)).rejects.toThrow(/challenge|invalid_token/);
  });

  it('refuses an expired code', async () => {
    const browser = await signedInBrowser();
    const request = await rp.authorizationRequest();
    const { callback } = await authorize(browser, stack.appUrl, request.url);
    // Codes live 60 s; the stored one has expired on the server's clock.
    stack.advanceClock(61_000);
    await expect(
      oidc.authorizationCodeGrant(rp.config, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  /** The error a silent (prompt=none) authorization request brings back to the application. */
  async function silentAuthorizationError(browser: HttpBrowser): Promise<string | null> {
    const { url } = await rp.authorizationRequest({ prompt: 'none' });
    const at = await navigate(browser, stack.appUrl, url);
    if (at.kind !== 'callback') throw new Error(`expected the callback, got ${at.kind}`);
    return at.url.searchParams.get('error');
  }

  it('answers prompt=none without a Simpass session with login_required', async () => {
    expect(await silentAuthorizationError(createHttpBrowser(stack.appUrl))).toBe('login_required');
  });

  it('answers prompt=none after signing out of Simpass with login_required, even with the provider session left', async () => {
    const browser = await signedInBrowser();
    await codeGrant(browser);
    expect(await silentAuthorizationError(browser)).toBeNull();
    expect((await browser.request(stack.appUrl, '/api/sign-out', { method: 'POST' })).status).toBe(204);
    expect(await silentAuthorizationError(browser)).toBe('login_required');
  });

  it('prompt=login and max_age ask for a fresh proof: an older Simpass session is not fresh enough until the person signs in again', async () => {
    const browser = await signedInBrowser();
    await codeGrant(browser);
    for (const extra of [{ prompt: 'login' }, { max_age: '0' }] as Record<string, string>[]) {
      const request = await rp.authorizationRequest(extra);
      const at = await navigate(browser, stack.appUrl, request.url);
      if (at.kind !== 'interaction') throw new Error(`expected the interaction page, got ${at.kind}`);
      const details = await interactionDetails(browser, stack.appUrl, at.uid);
      expect(details).toMatchObject({ prompt: 'login', session: { signedIn: true, freshEnough: false } });
      const refused = await browser.request(stack.appUrl, `/api/oidc/interaction/${at.uid}/login`, { method: 'POST' });
      expect(refused.status).toBe(409);
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      if (extra.prompt) {
        // Signing in again on the interaction page makes it fresh.
        expect((await signUpOrIn(browser, stack.appUrl, '+447700900001')).status).toBe(200);
        expect((await interactionDetails(browser, stack.appUrl, at.uid)).session.freshEnough).toBe(true);
        const done = await navigate(browser, stack.appUrl, await answer(browser, stack.appUrl, at.uid, 'login'));
        if (done.kind !== 'callback') throw new Error(`expected the callback, got ${done.kind}`);
        const tokens = await oidc.authorizationCodeGrant(rp.config, done.url, { pkceCodeVerifier: request.verifier, expectedState: request.state });
        const session = (await (await browser.request(stack.appUrl, '/api/session')).json()) as { data: { session: { authenticatedAt: string } } };
        expect(tokens.claims()!.auth_time).toBe(Math.floor(Date.parse(session.data.session.authenticatedAt) / 1000));
      }
    }
  });

  it('another person signing in on the same browser gets their own sub, not the previous one', async () => {
    const browser = await signedInBrowser('+447700900001');
    const first = (await codeGrant(browser)).tokens.claims()!.sub;
    expect((await signUpOrIn(browser, stack.appUrl, '+447700900002', 'other-sim')).status).toBe(200);
    const request = await rp.authorizationRequest();
    let at = await navigate(browser, stack.appUrl, request.url);
    const prompts: string[] = [];
    // The provider's session still names the first person: it ends it (an auto-submitted form), then goes on.
    for (let step = 0; at.kind !== 'callback' && step < 6; step += 1) {
      if (at.kind === 'interaction') {
        const details = await interactionDetails(browser, stack.appUrl, at.uid);
        prompts.push(details.prompt);
        at = await navigate(browser, stack.appUrl, await answer(browser, stack.appUrl, at.uid, details.prompt));
      } else {
        expect(at.body).toContain('<form method="post"');
        at = await submitFormPage(browser, stack.appUrl, at.body);
      }
    }
    if (at.kind !== 'callback') throw new Error('never reached the callback');
    expect(prompts[0]).toBe('login');
    const tokens = await oidc.authorizationCodeGrant(rp.config, at.url, { pkceCodeVerifier: request.verifier, expectedState: request.state });
    expect(tokens.claims()).toMatchObject({ phone_number: '+447700900002' });
    expect(tokens.claims()!.sub).not.toBe(first);
  });

  it('abort sends access_denied back to the application', async () => {
    const browser = await signedInBrowser();
    const { url } = await rp.authorizationRequest();
    const at = await navigate(browser, stack.appUrl, url);
    if (at.kind !== 'interaction') throw new Error(`expected the interaction page, got ${at.kind}`);
    const back = await navigate(browser, stack.appUrl, await answer(browser, stack.appUrl, at.uid, 'abort'));
    if (back.kind !== 'callback') throw new Error(`expected the callback, got ${back.kind}`);
    expect(back.url.searchParams.get('error')).toBe('access_denied');
  });

  it('only the browser that started the request can answer it; unknown ids are 404 problems', async () => {
    const attacker = await signedInBrowser('+447700900002', 'other-sim');
    const { url } = await rp.authorizationRequest();
    const at = await navigate(attacker, stack.appUrl, url);
    if (at.kind !== 'interaction') throw new Error(`expected the interaction page, got ${at.kind}`);
    const victim = await signedInBrowser('+447700900001');
    for (const [method, path] of [
      ['GET', `/api/oidc/interaction/${at.uid}`],
      ['POST', `/api/oidc/interaction/${at.uid}/login`],
      ['GET', '/api/oidc/interaction/no-such-request'],
    ] as const) {
      const response = await victim.request(stack.appUrl, path, { method });
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
  });

  it('answers the interaction API only from our own page (Origin check) and refuses a body it does not take', async () => {
    const browser = await signedInBrowser();
    const { url } = await rp.authorizationRequest();
    const at = await navigate(browser, stack.appUrl, url);
    if (at.kind !== 'interaction') throw new Error(`expected the interaction page, got ${at.kind}`);
    const cookie = cookieHeader(browser);
    const crossSite = await fetch(`${stack.appUrl}/api/oidc/interaction/${at.uid}/login`, { method: 'POST', headers: { cookie, origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    const withBody = await fetch(`${stack.appUrl}/api/oidc/interaction/${at.uid}/login`, {
      method: 'POST',
      headers: { cookie, origin: stack.appUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: 'someone-else' }),
    });
    expect(withBody.status).toBe(400);
  });

  it('lists connected applications, and withdrawing consent asks again and ends the old tokens', async () => {
    const browser = await signedInBrowser('+447700900005', 'swapped-sim').catch(() => signedInBrowser('+447700900002', 'other-sim'));
    const { tokens } = await codeGrant(browser);
    const listed = (await (await browser.request(stack.appUrl, '/api/oidc/consents')).json()) as { consents: { clientId: string; name: string; scopes: string[]; grantedAt: string }[] };
    expect(listed.consents).toEqual([{ clientId: 'simpass-demo', name: 'Simpass demo app', scopes: ['openid', 'phone'], grantedAt: expect.any(String) as string }]);

    expect((await browser.request(stack.appUrl, '/api/oidc/consents/simpass-demo', { method: 'DELETE' })).status).toBe(204);
    expect(((await (await browser.request(stack.appUrl, '/api/oidc/consents')).json()) as { consents: unknown[] }).consents).toEqual([]);
    await expect(oidc.fetchUserInfo(rp.config, tokens.access_token, tokens.claims()!.sub)).rejects.toThrow(/challenge|invalid_token/);
    expect((await codeGrant(browser)).prompts).toContain('consent');

    const signedOut = await fetch(`${stack.appUrl}/api/oidc/consents`);
    expect(signedOut.status).toBe(401);
  });
});

function cookieHeader(browser: HttpBrowser): string {
  return ['simpass_session', 'simpass_oidc_session', 'simpass_oidc_session.sig', 'simpass_oidc_interaction', 'simpass_oidc_interaction.sig', 'simpass_oidc_resume', 'simpass_oidc_resume.sig']
    .map((name) => [name, browser.cookie(name)] as const)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
}
