import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const grant = (authorization: string, body = 'grant_type=client_credentials&scope=phone_check') =>
  fetch(`${h.url}/oauth2/v1/token`, { method: 'POST', headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' }, body });
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('POST /oauth2/v1/token', () => {
  it('grants a bearer token for the asked scopes to the project credentials', async () => {
    const response = await grant(basic(h.emulator.credentials.clientId, h.emulator.credentials.clientSecret), 'grant_type=client_credentials&scope=phone_check+coverage');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ token_type: 'bearer', expires_in: 3600, scope: 'phone_check coverage', access_token: expect.any(String) as string });
  });

  it('refuses wrong credentials with 401 problem+json', async () => {
    const response = await grant(basic(h.emulator.credentials.clientId, 'wrong'));
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ title: 'Unauthorized', type: expect.any(String) as string, detail: expect.any(String) as string });
  });

  it('refuses another grant type, and a request naming no scope tru.ID knows, with 400', async () => {
    const auth = basic(h.emulator.credentials.clientId, h.emulator.credentials.clientSecret);
    expect((await grant(auth, 'grant_type=password')).status).toBe(400);
    const unknown = await grant(auth, 'grant_type=client_credentials&scope=phone_chek');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ detail: expect.stringContaining('invalid_scope') as string });
  });

  it("grants the scopes tru.ID's dev-server asks for, including those the emulator does not serve, and drops unknown strings", async () => {
    const auth = basic(h.emulator.credentials.clientId, h.emulator.credentials.clientSecret);
    const response = await grant(auth, 'grant_type=client_credentials&scope=phone_check+subscriber_check+sim_check+mo_check+coverage+oidc+authenticator+nonsense');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ scope: 'phone_check subscriber_check sim_check mo_check coverage oidc authenticator' });
  });
});

describe('bearer tokens on the product APIs', () => {
  it('answers 403 when the token lacks the product scope', async () => {
    const token = await h.token('coverage');
    const sent = await h.api('POST', '/phone_check/v0.2/checks', { token, body: { phone_number: '447700900001' } });
    expect(sent.status).toBe(403);
    expect(sent.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('answers 401 without a token, and for a revoked one', async () => {
    const missing = await fetch(`${h.url}/phone_check/v0.2/checks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"phone_number":"447700900001"}' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const token = await h.token('phone_check');
    expect((await h.api('POST', '/phone_check/v0.2/checks', { token, body: { phone_number: '447700900001' } })).status).toBe(201);
    expect((await h.admin('POST', '/_emulator/tokens/revoke')).status).toBe(204);
    expect((await h.api('POST', '/phone_check/v0.2/checks', { token, body: { phone_number: '447700900001' } })).status).toBe(401);
  });

  it('answers 401 once the token has expired on the emulator clock', async () => {
    const harness = await startHarness({ tokenTtlSeconds: 60 });
    try {
      const token = await harness.token('phone_check');
      await harness.admin('POST', '/_emulator/clock/advance', { seconds: 61 });
      const sent = await harness.api('POST', '/phone_check/v0.2/checks', { token, body: { phone_number: '447700900001' } });
      expect(sent.status).toBe(401);
      expect(sent.body).toMatchObject({ detail: 'The access token has expired' });
    } finally {
      await harness.close();
    }
  });
});
