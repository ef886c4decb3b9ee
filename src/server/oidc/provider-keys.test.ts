// The provider's keys: created once however many instances start at once, rotated by adding a
// generation that signs while older ones keep verifying, and removable once no token needs them.
import * as oidc from 'openid-client';
import { afterAll, expect, it } from 'vitest';
import { createHttpBrowser, signUpOrIn } from '../../../test/support/http-browser.js';
import { authorize, relyingParty } from '../../../test/support/oidc-relying-party.js';
import { freePort, startStack, type Stack } from '../../../test/support/stack.js';
import { describeOnEachDatabase } from '../storage/test-databases.js';
import { loadProviderKeys, removeOldProviderKeys, rotateProviderKeys } from './provider-keys.js';

const clock = () => new Date();

describeOnEachDatabase('the provider keys', (t) => {
  it('are created once: concurrent first starts agree on one generation', async () => {
    const handles = [await t.open(), await t.open(), await t.open()];
    const loads = await Promise.all(handles.map((handle) => loadProviderKeys(handle.db, clock)));
    const kids = loads.map((keys) => keys.jwks.keys.map((key) => key.kid).join());
    expect(new Set(kids).size).toBe(1);
    expect(loads[0]!.jwks.keys.map((key) => key.alg).sort()).toEqual(['ES256', 'RS256']);
    expect(loads[0]!.cookieKeys).toHaveLength(1);
    expect(loads[0]!.cookieKeys[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('rotate: the new generation comes first, the old one stays; remove-old keeps only the newest', async () => {
    const before = await loadProviderKeys(t.db, clock);
    const generation = await rotateProviderKeys(t.db, clock);
    const after = await loadProviderKeys(t.db, clock);
    expect(generation).toBeGreaterThan(1);
    expect(after.jwks.keys).toHaveLength(before.jwks.keys.length + 2);
    expect(after.jwks.keys.slice(2)).toEqual(before.jwks.keys);
    expect(after.cookieKeys.slice(1)).toEqual(before.cookieKeys);
    expect(await removeOldProviderKeys(t.db)).toBe(before.jwks.keys.length + before.cookieKeys.length);
    const left = await loadProviderKeys(t.db, clock);
    expect(left.jwks.keys).toEqual(after.jwks.keys.slice(0, 2));
    expect(left.cookieKeys).toEqual(after.cookieKeys.slice(0, 1));
  });
});

describeOnEachDatabase('rotating the keys of a running provider', (t) => {
  const stacks: Stack[] = [];
  afterAll(async () => {
    for (const stack of stacks) await stack.close().catch(() => undefined);
  });

  it('after a rotation and restart, new ID tokens use the new key and the JWKS still publishes the old one (tokens it signed verify)', async () => {
    const port = await freePort();
    const start = async () => {
      const stack = await startStack({ database: t.options, port });
      stacks.push(stack);
      return stack;
    };
    const signIn = async (stack: Stack) => {
      const browser = createHttpBrowser(stack.appUrl);
      expect((await signUpOrIn(browser, stack.appUrl, '+447700900001')).status).toBe(200);
      const rp = await relyingParty(stack.appUrl);
      const request = await rp.authorizationRequest();
      const { callback } = await authorize(browser, stack.appUrl, request.url);
      return oidc.authorizationCodeGrant(rp.config, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state });
    };
    const kidOf = (idToken: string) => (JSON.parse(Buffer.from(idToken.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
    const publishedKids = async (stack: Stack) =>
      ((await (await fetch(`${stack.appUrl}/oidc/jwks`)).json()) as { keys: { kid: string }[] }).keys.map((key) => key.kid);

    const first = await start();
    const oldKid = kidOf((await signIn(first)).id_token!);
    await first.close();

    await rotateProviderKeys(t.db, clock);
    const second = await start();
    const newKid = kidOf((await signIn(second)).id_token!);
    expect(newKid).not.toBe(oldKid);
    expect(await publishedKids(second)).toEqual(expect.arrayContaining([oldKid, newKid]));
    await second.close();

    await removeOldProviderKeys(t.db);
    const third = await start();
    expect(await publishedKids(third)).not.toContain(oldKid);
    expect(await publishedKids(third)).toContain(newKid);
  });
});
