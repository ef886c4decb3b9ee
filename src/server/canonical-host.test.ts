// Page requests on another host are sent to PUBLIC_URL's origin — and only there, whatever the
// request target looks like. Raw sockets: HTTP clients never send an absolute-form target.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../../test/support/raw-http.js';
import { startStack, type Stack } from '../../test/support/stack.js';

let stack: Stack;
let otherHost: string;
beforeAll(async () => {
  stack = await startStack();
  otherHost = new URL(stack.appUrl).host.replace('localhost', '127.0.0.1');
});
afterAll(async () => stack?.close());

async function locationFor(target: string, host = otherHost): Promise<string> {
  const response = await rawRequest(stack.appUrl, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  expect(response.status, response.raw.slice(0, 300)).toBe(308);
  return response.headers.location!;
}

describe('the canonical-host redirect', () => {
  it('keeps the path and query of an origin-form target', async () => {
    expect(await locationFor('/?check=abc')).toBe(`${stack.appUrl}/?check=abc`);
  });

  it.each([
    ['http://evil.example/x', '/x'],
    ['http://evil.example/x?y=1', '/x?y=1'],
    ['https://evil.example', '/'],
    ['http://user:pass@evil.example:8080/a/b', '/a/b'],
  ])('builds Location from the path and query of absolute-form %s, on our origin', async (target, path) => {
    expect(await locationFor(target)).toBe(`${stack.appUrl}${path}`);
  });

  it('never leaves our origin for a target starting with two slashes, or a foreign Host', async () => {
    for (const [target, host] of [
      ['//evil.example/x', otherHost],
      ['/x', 'evil.example'],
      ['/\\evil.example', otherHost],
    ] as const) {
      expect(new URL(await locationFor(target, host)).origin).toBe(stack.appUrl);
    }
  });
});

describe('with an OpenID Connect issuer on another port of the same host', () => {
  let withIssuer: Stack;
  let issuerHost: string;
  beforeAll(async () => {
    const port = Number(new URL(stack.appUrl).port);
    issuerHost = `localhost:${port + 1}`;
    withIssuer = await startStack({ env: { OIDC_ISSUER: `http://${issuerHost}` } });
  });
  afterAll(async () => withIssuer?.close());

  it("serves the provider's endpoints at the issuer's origin and sends pages to PUBLIC_URL", async () => {
    const discovery = await rawRequest(withIssuer.appUrl, `GET /.well-known/openid-configuration HTTP/1.1\r\nHost: ${issuerHost}\r\nConnection: close\r\n\r\n`);
    expect(discovery.status).toBe(200);
    expect(discovery.raw).toContain(`"issuer":"http://${issuerHost}"`);
    const page = await rawRequest(withIssuer.appUrl, `GET /oidc/interaction/abc HTTP/1.1\r\nHost: ${issuerHost}\r\nConnection: close\r\n\r\n`);
    expect(page.status).toBe(308);
    expect(page.headers.location).toBe(`${withIssuer.appUrl}/oidc/interaction/abc`);
  });
});
