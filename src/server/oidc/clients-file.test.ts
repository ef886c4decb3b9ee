// OIDC_CLIENTS_FILE: the applications allowed to sign people in. A bad file stops the start with the
// file and the problem named; a good one's confidential clients authenticate with their secret; the
// demo client exists only in emulator mode without a file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpBrowser, signUpOrIn } from '../../../test/support/http-browser.js';
import { authorize, navigate, relyingParty } from '../../../test/support/oidc-relying-party.js';
import { spawnServerProcess } from '../../../test/support/server-process.js';
import { freePort, startStack, type Stack } from '../../../test/support/stack.js';
import { loadOidcClients } from './clients-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'simpass-oidc-clients-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function clientsFile(name: string, content: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, content);
  return file;
}

const CONFIDENTIAL = {
  client_id: 'shop',
  client_secret: 'a-long-random-secret-for-the-shop-application',
  client_name: 'The Shop',
  redirect_uris: ['https://shop.example/callback'],
  post_logout_redirect_uris: ['https://shop.example/'],
};

describe('a bad clients file stops the start, naming the file and the problem', () => {
  it.each([
    ['missing.json', undefined, /OIDC_CLIENTS_FILE: .*missing\.json: no such file/],
    ['not-json.json', '[{"client_id": "a",', /OIDC_CLIENTS_FILE: .*not-json\.json: is not JSON/],
    ['object.json', '{"client_id": "a"}', /OIDC_CLIENTS_FILE: .*object\.json: must hold a JSON array/],
    ['no-id.json', '[{"redirect_uris": ["https://a.example/cb"]}]', /no-id\.json: entry 1 has no client_id/],
    ['duplicate.json', JSON.stringify([CONFIDENTIAL, CONFIDENTIAL]), /duplicate\.json: client_id "shop" appears more than once/],
    ['no-redirect.json', JSON.stringify([{ client_id: 'a', token_endpoint_auth_method: 'none' }]), /no-redirect\.json: client "a" is not valid: redirect_uris/],
    ['no-secret.json', JSON.stringify([{ client_id: 'a', redirect_uris: ['https://a.example/cb'] }]), /no-secret\.json: client "a" is not valid: client_secret is mandatory/],
    [
      'implicit.json',
      JSON.stringify([{ ...CONFIDENTIAL, response_types: ['id_token'], grant_types: ['implicit'] }]),
      /implicit\.json: client "shop" is not valid: .*(response_types|grant_types)/,
    ],
  ])('%s', async (name, content, message) => {
    const file = content === undefined ? join(dir, name) : await clientsFile(name, content);
    await expect(startStack({ env: { OIDC_CLIENTS_FILE: file } })).rejects.toThrow(message);
  });

  it('the real server prints the problem and exits 1', async () => {
    const file = await clientsFile('server.json', '{ not json');
    const port = await freePort();
    const server = spawnServerProcess(
      {
        PUBLIC_URL: `http://localhost:${port}`,
        DATABASE_FILE: join(dir, 'server.db'),
        // Live mode with an unreachable API: nothing is asked of it before the clients file is read.
        TRU_ID_BASE_URL: 'http://127.0.0.1:9',
        TRU_ID_CLIENT_ID: 'id',
        TRU_ID_CLIENT_SECRET: 'secret',
        OIDC_CLIENTS_FILE: file,
      },
      port,
    );
    await expect(server.ready).rejects.toThrow(/exited/);
    expect(server.child.exitCode).toBe(1);
    expect(server.output()).toContain(`OIDC_CLIENTS_FILE: ${file}: is not JSON`);
  }, 60_000);
});

describe('clients from a file', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { OIDC_CLIENTS_FILE: await clientsFile('good.json', JSON.stringify([CONFIDENTIAL])) } });
  });
  afterAll(async () => stack?.close());

  it('a confidential client redeems its code with its secret, and is refused with a wrong one', async () => {
    const browser = createHttpBrowser(stack.appUrl);
    expect((await signUpOrIn(browser, stack.appUrl, '+447700900001')).status).toBe(200);
    const rp = await relyingParty(stack.appUrl, { clientId: 'shop', clientSecret: CONFIDENTIAL.client_secret, redirectUri: 'https://shop.example/callback' });
    const request = await rp.authorizationRequest();
    const { callback } = await authorize(browser, stack.appUrl, request.url);
    const wrong = await relyingParty(stack.appUrl, { clientId: 'shop', clientSecret: 'not-the-secret', redirectUri: 'https://shop.example/callback' });
    const refused = await oidc
      .authorizationCodeGrant(wrong.config, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state })
      .catch((error: unknown) => error);
    const challenge = refused as { status?: number; cause?: { parameters?: { error?: string } }[] };
    expect(challenge.status).toBe(401);
    expect(challenge.cause?.[0]?.parameters?.error).toBe('invalid_client');
    const tokens = await oidc.authorizationCodeGrant(rp.config, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state });
    expect(tokens.claims()).toMatchObject({ aud: 'shop', phone_number: '+447700900001' });
  });

  it('with a file, the demo client does not exist, even in emulator mode', async () => {
    const url = new URL(`${stack.appUrl}/oidc/auth`);
    url.search = new URLSearchParams({ client_id: 'simpass-demo', response_type: 'code', scope: 'openid', redirect_uri: 'http://localhost:4001/callback' }).toString();
    const at = await navigate(createHttpBrowser(stack.appUrl), stack.appUrl, url);
    if (at.kind !== 'page') throw new Error(`expected an error page, got ${at.kind}`);
    expect(at.response.status).toBe(400);
    expect(at.body).toContain('invalid_client');
  });
});

describe('without a file', () => {
  it('emulator mode has the documented demo client; OIDC_DEMO_REDIRECT_URI moves its callback', async () => {
    expect(await loadOidcClients({ file: undefined, emulator: true })).toEqual([
      {
        client_id: 'simpass-demo',
        client_name: 'Simpass demo app',
        token_endpoint_auth_method: 'none',
        redirect_uris: ['http://localhost:4001/callback'],
        post_logout_redirect_uris: ['http://localhost:4001/'],
      },
    ]);
    const [moved] = await loadOidcClients({ file: undefined, emulator: true, demoRedirectUri: 'http://localhost:5123/cb' });
    expect(moved).toMatchObject({ redirect_uris: ['http://localhost:5123/cb'], post_logout_redirect_uris: ['http://localhost:5123/'] });
    expect(await loadOidcClients({ file: undefined, emulator: false })).toEqual([]);
  });

  it('live mode has no client at all', async () => {
    const stack = await startStack({ emulatorMode: false });
    try {
      const url = new URL(`${stack.appUrl}/oidc/auth`);
      url.search = new URLSearchParams({ client_id: 'simpass-demo', response_type: 'code', scope: 'openid', redirect_uri: 'http://localhost:4001/callback' }).toString();
      const at = await navigate(createHttpBrowser(stack.appUrl), stack.appUrl, url);
      if (at.kind !== 'page') throw new Error(`expected an error page, got ${at.kind}`);
      expect(at.body).toContain('invalid_client');
    } finally {
      await stack.close();
    }
  });
});
