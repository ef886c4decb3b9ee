// A web application that signs people in with Simpass through standard OpenID Connect, knowing only the
// issuer URL and its client credentials: discovery, the authorization code flow with PKCE (S256), state
// and nonce, the ID token checked (its signature too, against the provider's JWKS), userinfo, and
// RP-initiated logout. openid-client does the protocol; this file is the few routes around it.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';

export interface RelyingPartyOptions {
  /** e.g. http://localhost:4000 — everything else is discovered from it. */
  issuer: string;
  clientId: string;
  /** Absent: a public client (token_endpoint_auth_method "none"), which PKCE protects. */
  clientSecret?: string;
  port: number;
  host?: string;
  /** The origin this application is reached at; default http://localhost:<port>. Its /callback must be registered. */
  publicUrl?: string;
  /** Told each successful sign-in (the test reads the raw ID token). */
  onSignIn?: (signIn: SignIn) => void;
}

export interface SignIn {
  idToken: string;
  claims: oidc.IDToken;
  userinfo: oidc.UserInfoResponse;
}

export interface RunningRelyingParty {
  url: string;
  close(): Promise<void>;
}

/** Everything this page prints goes through here: names, numbers and error texts come from elsewhere. */
function escapeHtml(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; form-action 'none'; frame-ancestors 'none'",
    'cache-control': 'no-store',
  });
  res.end(`<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Simpass demo app</title><body>${body}</body></html>`);
}

function redirect(res: ServerResponse, location: string, cookie?: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store', ...(cookie ? { 'set-cookie': cookie } : {}) });
  res.end();
}

export async function startRelyingParty(options: RelyingPartyOptions): Promise<RunningRelyingParty> {
  const issuer = new URL(options.issuer);
  // A local issuer over plain http (the emulator setup) needs openid-client's explicit permission.
  const insecure = issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined;
  const config = await oidc.discovery(
    issuer,
    options.clientId,
    undefined,
    options.clientSecret ? oidc.ClientSecretBasic(options.clientSecret) : oidc.None(),
    insecure,
  );
  // The ID token came straight from the token endpoint; verify its signature against the JWKS anyway.
  oidc.enableNonRepudiationChecks(config);

  // In-memory sessions keyed by a random cookie: enough for a demo of one process.
  const sessions = new Map<string, { pending?: { verifier: string; state: string; nonce: string }; signIn?: SignIn }>();
  const sessionIdOf = (req: IncomingMessage): string | undefined => {
    const id = /(?:^|;\s*)rp_session=([A-Za-z0-9_-]{43})(?:;|$)/.exec(req.headers.cookie ?? '')?.[1];
    return id !== undefined && sessions.has(id) ? id : undefined;
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      const e = error as { error?: string; error_description?: string; message?: string };
      page(res, 400, `<h1>Sign-in did not finish</h1><p id="error">${escapeHtml(e.error ?? e.message ?? 'error')}</p>` +
        `<p id="error-description">${escapeHtml(e.error_description ?? '')}</p><p><a href="/">Back</a></p>`);
    });
  });

  let base = '';
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const id = sessionIdOf(req);
    const session = id === undefined ? undefined : sessions.get(id);
    if (url.pathname === '/login') {
      const pending = { verifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce() };
      const newId = randomBytes(32).toString('base64url');
      if (id !== undefined) sessions.delete(id);
      sessions.set(newId, { pending });
      const parameters: Record<string, string> = {
        redirect_uri: `${base}/callback`,
        scope: 'openid phone',
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      };
      const prompt = url.searchParams.get('prompt');
      if (prompt === 'login' || prompt === 'consent' || prompt === 'none') parameters.prompt = prompt;
      return redirect(res, oidc.buildAuthorizationUrl(config, parameters).href, `rp_session=${newId}; HttpOnly; SameSite=Lax; Path=/`);
    }
    if (url.pathname === '/callback') {
      const pending = session?.pending;
      if (session) delete session.pending;
      if (!session || !pending) return page(res, 400, '<h1>No sign-in was started here</h1><p><a href="/">Start again</a></p>');
      const tokens = await oidc.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      session.signIn = { idToken: tokens.id_token!, claims, userinfo };
      options.onSignIn?.(session.signIn);
      return redirect(res, '/');
    }
    if (url.pathname === '/logout') {
      const idToken = session?.signIn?.idToken;
      if (id !== undefined) sessions.delete(id);
      if (!idToken) return redirect(res, '/');
      return redirect(res, oidc.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: `${base}/` }).href);
    }
    if (url.pathname !== '/') return page(res, 404, '<h1>Not found</h1>');
    const signIn = session?.signIn;
    if (!signIn) return page(res, 200, '<h1>Simpass demo app</h1><p id="status">Signed out.</p><p><a id="login" href="/login">Sign in with Simpass</a></p>');
    const { claims, userinfo } = signIn;
    page(res, 200, `<h1>Simpass demo app</h1><p id="status">Signed in.</p><dl>` +
      `<dt>Phone number (ID token)</dt><dd id="phone-number">${escapeHtml(claims.phone_number)}</dd>` +
      `<dt>Verified</dt><dd id="phone-number-verified">${escapeHtml(claims.phone_number_verified)}</dd>` +
      `<dt>How it was proven (amr)</dt><dd id="amr">${escapeHtml(Array.isArray(claims.amr) ? claims.amr.map(String).join(', ') : '')}</dd>` +
      `<dt>Subject</dt><dd id="sub">${escapeHtml(claims.sub)}</dd>` +
      `<dt>Phone number (userinfo)</dt><dd id="userinfo-phone-number">${escapeHtml(userinfo.phone_number)}</dd></dl>` +
      `<p><a id="logout" href="/logout">Log out</a></p>`);
  }

  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = options.publicUrl ?? `http://localhost:${port}`;
  return {
    url: base,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
