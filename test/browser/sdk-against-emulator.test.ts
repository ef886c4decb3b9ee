// The OFFICIAL web SDK (@tru_id/tru-sdk-web) in headless Chromium against the emulator: reachability
// outcomes, the v0.1 image method and the v0.2 full-page redirect. The page is served from a second
// origin, so CORS is exercised for real.
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JSON_PATCH, patchBody, startHarness, type Harness } from '../../src/emulator/test-harness.js';
import { launchBrowser, PHONE_CONTEXT } from '../support/browser.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const artifacts = path.join(repoRoot, 'test-artifacts');
const PHONE = '447700900001';

/** The test page: no inline script (the product's CSP forbids it), the logic is in a served module. */
const PAGE_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>tru.ID web SDK against the emulator</title>
    <script type="module" src="/sdk-test.js"></script>
  </head>
  <body>
    <h1>tru-sdk-web ⇄ emulator</h1>
    <p id="state">loading</p>
  </body>
</html>
`;

/** The browser half: the official SDK's two calls, exposed for page.evaluate, each shown on the page. */
const PAGE_SCRIPT = `// The browser half of test/browser/sdk-against-emulator.test.ts: the official SDK's two calls, exposed
// for page.evaluate, each writing what happened onto the page for the screenshot.
import { getReachability, openCheckUrl } from '/sdk/tru-id-sdk.mjs';

const state = document.getElementById('state');
const show = (text) => {
  state.textContent = text;
};

window.sdkTest = {
  async reach(apiBaseUrl) {
    const result = await getReachability(apiBaseUrl);
    show(\`getReachability: \${result.status} \${result.reachable ? 'reachable' : 'not reachable'} \${JSON.stringify(result.body)}\`);
    return result;
  },
  async openV01(checkUrl) {
    await openCheckUrl(checkUrl, { version: 'v0.1', checkMethod: 'image' });
    show('openCheckUrl v0.1 (image) resolved');
    return 'resolved';
  },
  openV02(checkUrl) {
    show('openCheckUrl v0.2: navigating to check_url');
    // Never resolves: the SDK sets window.location (full-page navigation).
    void openCheckUrl(checkUrl, { version: 'v0.2' });
  },
};
show('ready');
`;

interface SdkWindow {
  sdkTest: {
    reach(api: string): Promise<{ reachable: boolean; status: number; body: Record<string, unknown> }>;
    openV01(checkUrl: string): Promise<string>;
    openV02(checkUrl: string): void;
  };
}

let h: Harness;
let site: FastifyInstance;
let siteUrl: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  h = await startHarness();
  site = Fastify();
  const sdk = await readFile(path.join(repoRoot, 'node_modules', '@tru_id', 'tru-sdk-web', 'dist', 'tru-id-sdk.mjs'), 'utf8');
  site.get('/', (_request, reply) => reply.type('text/html').send(PAGE_HTML));
  site.get('/sdk-test.js', (_request, reply) => reply.type('text/javascript').send(PAGE_SCRIPT));
  site.get('/sdk/tru-id-sdk.mjs', (_request, reply) => reply.type('text/javascript').send(sdk));
  // The redirect_url: where the v0.2 redirect lands with check_id and code.
  site.get('/callback', (_request, reply) => reply.type('text/html').send('<!doctype html><title>callback</title><p>Back on the app with the code</p>'));
  siteUrl = await site.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await h?.close();
});
beforeEach(async () => {
  await h.admin('POST', '/_emulator/reset');
  context = await browser.newContext(PHONE_CONTEXT);
  page = await context.newPage();
  await page.goto(siteUrl);
  await page.waitForFunction(() => 'sdkTest' in globalThis);
});
afterEach(async () => {
  await context.close();
});

const reach = () => page.evaluate((api) => (globalThis as unknown as SdkWindow).sdkTest.reach(api), h.url);

describe('getReachability', () => {
  it('is reachable on the phone, with the operator', async () => {
    const result = await reach();
    expect(result).toMatchObject({ reachable: true, status: 200, body: { network_id: '23410', network_name: 'O2 UK', country_code: 'GB' } });
    await page.screenshot({ path: path.join(artifacts, 'sdk-reachability-phone.png') });
  });

  it('answers 412 when the active device is on WiFi', async () => {
    await h.admin('PUT', '/_emulator/active-device', { device_id: 'wifi' });
    expect(await reach()).toMatchObject({ reachable: false, status: 412 });
    await page.screenshot({ path: path.join(artifacts, 'sdk-reachability-wifi.png') });
  });

  it('answers 400 on an operator tru.ID does not cover', async () => {
    await h.admin('PUT', '/_emulator/active-device', { device_id: 'unsupported' });
    expect(await reach()).toMatchObject({ reachable: false, status: 400 });
  });
});

describe('openCheckUrl', () => {
  it('v0.1 (image method) completes the check; the API then reads COMPLETED, match', async () => {
    const check = await h.create('/phone_check/v0.1/checks', { phone_number: PHONE });
    const resolved = await page.evaluate((url) => (globalThis as unknown as SdkWindow).sdkTest.openV01(url), check._links.check_url.href);
    expect(resolved).toBe('resolved');
    // The SDK resolves even when the image fails (truid-api.md), so the API is the only witness.
    await expect.poll(async () => (await h.api('GET', check._links.self.href)).body, { timeout: 20_000 }).toMatchObject({ status: 'COMPLETED', match: true });
    await page.screenshot({ path: path.join(artifacts, 'sdk-open-check-url-v0.1.png') });
  });

  it('v0.2 navigates to check_url and lands on redirect_url with check_id and code, which PATCHes to a match', async () => {
    const check = await h.create('/phone_check/v0.2/checks', { phone_number: PHONE, redirect_url: `${siteUrl}/callback` });
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/callback', { timeout: 20_000 }),
      page.evaluate((url) => (globalThis as unknown as SdkWindow).sdkTest.openV02(url), check._links.check_url.href),
    ]);
    const landed = new URL(page.url());
    expect(landed.searchParams.get('check_id')).toBe(check.check_id);
    const code = landed.searchParams.get('code');
    expect(code).toBeTruthy();
    await page.screenshot({ path: path.join(artifacts, 'sdk-open-check-url-v0.2-callback.png') });
    const patched = await h.api('PATCH', check._links.self.href, { body: patchBody(code!), contentType: JSON_PATCH });
    expect(patched.body).toMatchObject({ status: 'COMPLETED', match: true });
  });
});
