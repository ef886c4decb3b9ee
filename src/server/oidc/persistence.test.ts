// The provider keeps its state in our database, not in memory: a code issued before a restart is
// redeemed after it, and with two instances on one PostgreSQL database a code issued by one is
// redeemed at the other (as behind a load balancer), signed with the same keys.
import * as oidc from 'openid-client';
import { afterAll, expect, it } from 'vitest';
import { createHttpBrowser, signUpOrIn } from '../../../test/support/http-browser.js';
import { authorize, relyingParty } from '../../../test/support/oidc-relying-party.js';
import { describeWhenAvailable } from '../../../test/support/requirements.js';
import { describeOnEachDialect, freePort, freshDatabase, startStack, type Stack } from '../../../test/support/stack.js';

describeOnEachDialect('the provider across restarts and instances on %s', (dialect) => {
  const stacks: Stack[] = [];
  const disposals: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stack of stacks) await stack.close().catch(() => undefined);
    for (const dispose of disposals) await dispose();
  });

  async function start(database: { databaseUrl?: string; sqliteFile?: string; schema?: string }, port: number, publicUrl?: string): Promise<Stack> {
    const stack = await startStack({ database, port, ...(publicUrl ? { env: { PUBLIC_URL: publicUrl } } : {}) });
    stacks.push(stack);
    return stack;
  }

  it('redeems a code issued before a restart, after it (same database, new process state)', async () => {
    const fresh = await freshDatabase(dialect);
    disposals.push(fresh.dispose);
    const port = await freePort();
    const before = await start(fresh.options, port);
    const browser = createHttpBrowser(before.appUrl);
    expect((await signUpOrIn(browser, before.appUrl, '+447700900001')).status).toBe(200);
    const rp = await relyingParty(before.appUrl);
    const request = await rp.authorizationRequest();
    const { callback } = await authorize(browser, before.appUrl, request.url);
    const keysBefore = await (await fetch(`${before.appUrl}/oidc/jwks`)).text();
    await before.close();

    const after = await start(fresh.options, port);
    expect(after.appUrl).toBe(before.appUrl);
    // The same keys: created once, read back from the database.
    expect(await (await fetch(`${after.appUrl}/oidc/jwks`)).text()).toBe(keysBefore);
    const tokens = await oidc.authorizationCodeGrant(rp.config, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state });
    expect(tokens.claims()).toMatchObject({ phone_number: '+447700900001', phone_number_verified: true });
    // Remembered consent and the provider's session survived too: the next authorization asks nothing.
    const next = await rp.authorizationRequest();
    expect((await authorize(browser, after.appUrl, next.url)).prompts).toEqual([]);
  });
});

describeWhenAvailable(
  'two provider instances on one PostgreSQL database',
  {
    missing: process.env.TEST_DATABASE_URL ? undefined : 'TEST_DATABASE_URL is not set',
    fix: 'set TEST_DATABASE_URL=postgres://user@host:5432/db so the two-instance test runs',
  },
  () => {
    const stacks: Stack[] = [];
    const disposals: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const stack of stacks) await stack.close().catch(() => undefined);
      for (const dispose of disposals) await dispose();
    });
    async function start(database: { databaseUrl?: string; schema?: string }, port: number, publicUrl?: string): Promise<Stack> {
      const stack = await startStack({ database, port, ...(publicUrl ? { env: { PUBLIC_URL: publicUrl } } : {}) });
      stacks.push(stack);
      return stack;
    }

    it('redeems at instance B a code instance A issued, both on one database', async () => {
      const fresh = await freshDatabase('postgres');
      disposals.push(fresh.dispose);
      // Both serve one public origin (A's), as behind a load balancer; the token request goes to B.
      const a = await start(fresh.options, await freePort());
      const b = await start(fresh.options, await freePort(), a.appUrl);
      const bOrigin = `http://localhost:${(b.app.server.address() as { port: number }).port}`;
      const browser = createHttpBrowser(a.appUrl);
      expect((await signUpOrIn(browser, a.appUrl, '+447700900002', 'other-sim')).status).toBe(200);
      // POSTs (the token request) go to B; GETs stay on A (B would send a browser on another host to the public one).
      const toB: oidc.CustomFetch = (url, options) => fetch(options.method === 'POST' ? url.replace(a.appUrl, bOrigin) : url, options);
      const rp = await relyingParty(a.appUrl, { customFetch: toB });
      const request = await rp.authorizationRequest();
      const { callback } = await authorize(browser, a.appUrl, request.url);
      const tokens = await oidc.authorizationCodeGrant(rp.config, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state });
      expect(b.logs()).toMatch(/"url":"\/oidc\/token"/);
      expect(tokens.claims()).toMatchObject({ iss: a.appUrl, phone_number: '+447700900002' });
      // A answers userinfo for the token B issued, and both publish the same keys.
      expect(await oidc.fetchUserInfo(rp.config, tokens.access_token, tokens.claims()!.sub)).toMatchObject({ phone_number: '+447700900002' });
      expect(await (await fetch(`${bOrigin}/oidc/jwks`)).text()).toBe(await (await fetch(`${a.appUrl}/oidc/jwks`)).text());
    });
  },
);
