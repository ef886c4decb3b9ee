// The provider's answers pass our edges unharmed and keep our guarantees: security headers on every
// answer, words (never a 500) for malformed requests, problem+json for paths it does not serve, and
// its endpoints reachable by servers that send no Origin.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../../test/support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.close());

describe("the provider's endpoints", () => {
  it.each([
    ['GET', '/.well-known/openid-configuration', undefined, 200, /application\/json/],
    ['HEAD', '/oidc/jwks', undefined, 200, /application\/jwk-set\+json/],
    ['GET', '/oidc/auth', undefined, 400, /text\/html/],
    ['GET', '/oidc/me', undefined, 401, /application\/json/],
    // A server's token request: no Origin, a form body Fastify leaves for the library.
    ['POST', '/oidc/token', 'grant_type=authorization_code&code=x&redirect_uri=http%3A%2F%2Flocalhost%3A4001%2Fcallback', 400, /application\/json/],
    ['POST', '/oidc/token', `grant_type=${'x'.repeat(100_000)}`, 400, /application\/json/],
    ['POST', '/oidc/token/revocation', 'token=x', 400, /application\/json/],
    ['GET', '/oidc/nothing-here', undefined, 404, /application\/problem\+json/],
    ['DELETE', '/oidc/token', undefined, 404, /application\/problem\+json/],
  ])('%s %s answers %#: with our security headers, never a 5xx', async (method, path, body, status, type) => {
    const response = await fetch(`${stack.appUrl}${path}`, {
      method,
      redirect: 'manual',
      ...(body ? { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(type);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the error page is words without inline script or style', async () => {
    const response = await fetch(`${stack.appUrl}/oidc/auth?client_id=nobody&response_type=code&scope=openid`);
    const page = await response.text();
    expect(page).toContain('This sign-in request cannot be completed');
    expect(page).not.toMatch(/<script|<style| style=/);
  });
});

describe('the interaction page', () => {
  it('is the Simpass page (index.html) with its headers, at /oidc/interaction/:uid', async () => {
    const webRoot = await mkdtemp(join(tmpdir(), 'simpass-web-'));
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>Simpass</title><p>the page</p>');
    const withPage = await startStack({ env: { WEB_ROOT: webRoot } });
    try {
      const response = await fetch(`${withPage.appUrl}/oidc/interaction/abc123`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      expect(await response.text()).toContain('the page');
    } finally {
      await withPage.close();
      await rm(webRoot, { recursive: true, force: true });
    }
  });
});
