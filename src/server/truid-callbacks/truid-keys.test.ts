// tru.ID's key set as Simpass keeps it: fetched once, kept for its lifetime, fetched again for a keyId it
// lacks (a rotation) but never more than once per interval, and never used past its lifetime.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTruIdKeys, KEY_SET_LIFETIME_MS, REFETCH_INTERVAL_MS, TruIdKeysUnavailableError } from './truid-keys.js';

function jwk(kid: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { n, e } = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
  return { kty: 'RSA', use: 'sig', kid, n, e, ...extra };
}

function setup(initial: Record<string, unknown>[]) {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const published = { keys: initial, failing: false };
  const fetches: string[] = [];
  const keys = createTruIdKeys({
    jwksUrl: 'https://eu.api.tru.id/.well-known/jwks.json',
    clock: () => new Date(now),
    fetch: (url) => {
      fetches.push(typeof url === 'string' ? url : url instanceof URL ? url.href : url.url);
      if (published.failing) return Promise.reject(new TypeError('fetch failed'));
      return Promise.resolve(new Response(JSON.stringify({ keys: published.keys }), { headers: { 'content-type': 'application/json' } }));
    },
  });
  return { keys, published, fetches, advance: (ms: number) => (now += ms) };
}

describe('tru.ID signing keys', () => {
  it('fetches the key set once and answers from it, as PEM', async () => {
    const t = setup([jwk('k1')]);
    expect(await t.keys.publicKeyPem('k1')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(await t.keys.publicKeyPem('k1')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(t.fetches).toEqual(['https://eu.api.tru.id/.well-known/jwks.json']);
  });

  it('fetches again for an unknown keyId (a rotation), at most once per interval', async () => {
    const t = setup([jwk('k1')]);
    await t.keys.publicKeyPem('k1');
    t.advance(REFETCH_INTERVAL_MS);
    t.published.keys = [jwk('k1'), jwk('k2')];
    expect(await t.keys.publicKeyPem('k2')).toBeDefined();
    expect(await t.keys.publicKeyPem('forged-1')).toBeUndefined();
    expect(await t.keys.publicKeyPem('forged-2')).toBeUndefined();
    expect(t.fetches).toHaveLength(2);
    t.advance(REFETCH_INTERVAL_MS);
    expect(await t.keys.publicKeyPem('forged-3')).toBeUndefined();
    expect(t.fetches).toHaveLength(3);
  });

  it('shares one fetch between concurrent lookups', async () => {
    const t = setup([jwk('k1')]);
    await Promise.all([t.keys.publicKeyPem('k1'), t.keys.publicKeyPem('k1'), t.keys.publicKeyPem('x')]);
    expect(t.fetches).toHaveLength(1);
  });

  it('stops using a key set past its lifetime: a withdrawn key stops working, an outage is an error', async () => {
    const t = setup([jwk('k1')]);
    await t.keys.publicKeyPem('k1');
    t.advance(KEY_SET_LIFETIME_MS);
    t.published.keys = [jwk('k2')];
    expect(await t.keys.publicKeyPem('k1')).toBeUndefined();
    t.advance(KEY_SET_LIFETIME_MS);
    t.published.failing = true;
    await expect(t.keys.publicKeyPem('k2')).rejects.toBeInstanceOf(TruIdKeysUnavailableError);
  });

  it('keeps serving a fresh set when a refetch for an unknown keyId fails', async () => {
    const t = setup([jwk('k1')]);
    await t.keys.publicKeyPem('k1');
    t.advance(REFETCH_INTERVAL_MS);
    t.published.failing = true;
    expect(await t.keys.publicKeyPem('k9')).toBeUndefined();
    expect(await t.keys.publicKeyPem('k1')).toBeDefined();
  });

  it('ignores keys that are not RSA signing keys with a kid', async () => {
    const t = setup([jwk('enc', { use: 'enc' }), { kty: 'EC', kid: 'ec', crv: 'P-256', x: 'a', y: 'b' }, jwk('nokid', { kid: undefined }), jwk('good', { use: undefined })]);
    expect(await t.keys.publicKeyPem('enc')).toBeUndefined();
    expect(await t.keys.publicKeyPem('ec')).toBeUndefined();
    expect(await t.keys.publicKeyPem('good')).toBeDefined();
  });
});
