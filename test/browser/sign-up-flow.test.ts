// The seed's journey in a real Chromium on a phone-sized screen, against the real server and the
// emulator: every outcome a person can meet, with a screenshot of each kept in test-artifacts/.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PHONE_CONTEXT } from '../support/browser.js';
import { closeBrowserStack, collectPageProblems, openBrowserStack } from '../support/browser-stack.js';
import { submitNumber, waitForForm } from '../support/page-actions.js';
import { repoRoot, startStack, type Stack } from '../support/stack.js';

const ARTIFACTS = `${repoRoot}test-artifacts/sign-up-flow`;

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];

beforeAll(async () => {
  ({ stack, browser } = await openBrowserStack(ARTIFACTS));
});
afterAll(() => closeBrowserStack(stack, browser));

beforeEach(async () => {
  context = await browser.newContext(PHONE_CONTEXT);
  page = await context.newPage();
  problems = [];
  // Chromium logs every 4xx fetch as "Failed to load resource": a refused number's 400 is expected
  // (the invalid-number test), anything else is a problem.
  collectPageProblems(
    page,
    problems,
    (message) =>
      message.text().startsWith('Failed to load resource') &&
      message.location().url === `${stack.appUrl}/api/phone-check` &&
      / 400 /.test(message.text()),
  );
});
afterEach(async () => {
  await context.close();
  await emulator('DELETE', '/_emulator/faults');
  await emulator('PUT', '/_emulator/active-device', { device_id: 'phone' });
});

async function emulator(method: string, path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${stack.emulator.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
}

async function openPage(): Promise<void> {
  await page.goto(stack.appUrl);
}

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

describe('signing up with the SIM in this phone', () => {
  it('a matching number is verified', async () => {
    await openPage();
    await waitForForm(page);
    await screenshot('01-ready');
    await submitNumber(page, '07700 900001');
    const heading = page.getByTestId('signed-in-heading');
    await expect.poll(() => heading.textContent(), { timeout: 15_000 }).toMatch(/signed up|welcome back/i);
    expect(new URL(page.url()).search).toBe(''); // the check id is not left in the address bar
    expect(await page.getByTestId('live-status').textContent()).toMatch(/confirmed your number/i);
    await screenshot('02-match');
    expect(problems).toEqual([]);
  });

  it('another number fails clearly: it does not match the SIM', async () => {
    await openPage();
    await waitForForm(page);
    await submitNumber(page, '+44 7700 900002');
    await expect.poll(() => page.getByTestId('result-heading').textContent(), { timeout: 15_000 }).toMatch(/not|could/i);
    expect(await page.getByTestId('result-body').textContent()).toMatch(/match/i);
    await screenshot('03-no-match');
    await expect.poll(() => page.getByTestId('submit-button').isEnabled()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('on WiFi the page asks to turn WiFi off and keeps the form disabled', async () => {
    await emulator('PUT', '/_emulator/active-device', { device_id: 'wifi' });
    await openPage();
    await expect.poll(() => page.getByTestId('connection-body').textContent()).toMatch(/wi-?fi/i);
    expect(await page.getByTestId('submit-button').isDisabled()).toBe(true);
    expect(await page.getByTestId('check-again-button').isVisible()).toBe(true);
    await screenshot('04-wifi');
  });

  it('on an operator tru.ID does not cover, the page says so', async () => {
    await emulator('PUT', '/_emulator/active-device', { device_id: 'unsupported' });
    await openPage();
    await expect.poll(() => page.getByTestId('connection-heading').textContent()).toBe('Your mobile network is not covered yet');
    expect(await page.getByTestId('submit-button').isDisabled()).toBe(true);
    await screenshot('05-unsupported-operator');
  });

  it('an invalid number gets a clear message next to the field and no check is created', async () => {
    await openPage();
    await waitForForm(page);
    const checksBefore = await checksCreated();
    await submitNumber(page, '12');
    await expect.poll(() => page.getByTestId('phone-error').textContent()).toMatch(/phone number/i);
    expect(await page.getByTestId('phone-input').getAttribute('aria-invalid')).toBe('true');
    expect(await checksCreated()).toBe(checksBefore);
    await screenshot('06-invalid-number');
    expect(problems).toEqual([]);
  });

  it('an error from the network during the check ends in a clear failure', async () => {
    await emulator('PATCH', '/_emulator/operators/23410', { mno_error: 'mno_server_error' });
    try {
      await openPage();
      await waitForForm(page);
      await submitNumber(page, '07700 900001');
      await expect
        .poll(() => page.getByTestId('result-body').textContent(), { timeout: 15_000 })
        .toMatch(/mobile network had a problem/i);
      await screenshot('07-network-error');
    } finally {
      await emulator('PATCH', '/_emulator/operators/23410', { mno_error: null });
    }
  });
});

describe('when the redirect back from the network fails', () => {
  it('tru.ID not answering the completion: the page says so in words, never a JSON document', async () => {
    await emulator('POST', '/_emulator/faults', { method: 'PATCH', path: '/subscriber_check/v0.2/checks', kind: 'status', status: 503 });
    await openPage();
    await submitNumber(page, '07700 900001');
    await expect.poll(() => page.getByTestId('result-heading').textContent(), { timeout: 15_000 }).toBe('Not verified yet');
    expect(await page.getByTestId('result-body').textContent()).toMatch(/did not answer.*try again/i);
    expect(new URL(page.url()).search).toBe('');
    await screenshot('08-verification-interrupted');
    await expect.poll(() => page.getByTestId('submit-button').isEnabled()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('a made-up check_error shows our general words, never the text from the address bar', async () => {
    await page.goto(`${stack.appUrl}/?check_error=${encodeURIComponent('<img src=x>Call +1 555 0100')}`);
    await expect.poll(() => page.getByTestId('result-heading').textContent()).toBe('Something went wrong');
    expect(await page.getByTestId('result').textContent()).not.toMatch(/img|555/);
    expect(new URL(page.url()).search).toBe('');
    expect(problems).toEqual([]);
  });
});

describe('the redirect loaded as an image, as the SDK\'s image method does', () => {
  it('completes the check from an <img> on our page, under our CSP, with the flow cookie', async () => {
    await openPage();
    await waitForForm(page);
    // Start the check from the page (same-origin fetch, so the flow cookie lands in this browser),
    // then load check_url as an image: emulator → 302 → our redirect route → a GIF.
    const outcome = await page.evaluate(`(async () => {
      const created = await fetch('/api/phone-check', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone_number: '07700 900001' }),
      }).then((r) => r.json());
      const loaded = await new Promise((resolve) => {
        const img = new Image();
        img.onload = () => resolve('loaded');
        img.onerror = () => resolve('error');
        img.src = created.data.checkUrl;
      });
      const result = await fetch('/api/phone-check/' + created.data.checkId).then((r) => r.json());
      return { loaded, result };
    })()`);
    expect(outcome).toEqual({ loaded: 'loaded', result: { data: { match: true, status: 'COMPLETED' } } });
    expect(problems).toEqual([]);
  });
});

describe('over a rate limit', () => {
  let limited: Stack;
  beforeAll(async () => {
    limited = await startStack({ env: { RATE_LIMIT_CHECKS_PER_NUMBER: '1/1h' } });
  });
  afterAll(async () => limited?.close());

  it('the page says what was limited and when to try again', async () => {
    // The number's one check this hour, spent elsewhere.
    const first = await fetch(`${limited.appUrl}/api/phone-check`, {
      method: 'POST',
      headers: { origin: limited.appUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ phone_number: '+447700900001' }),
    });
    expect(first.status).toBe(201);

    await page.goto(limited.appUrl);
    await submitNumber(page, '07700 900001');
    const heading = page.getByTestId('result-heading');
    await expect.poll(() => heading.textContent(), { timeout: 15_000 }).toBe('Too many attempts');
    expect(await page.getByTestId('result-body').textContent()).toMatch(
      /^Too many verifications were started for this phone number\. Try again in about an hour\.$/,
    );
    await screenshot('09-rate-limited');
    // The 429 itself is the only thing Chromium complained about.
    expect(problems).toEqual([expect.stringMatching(/^console: Failed to load resource: .* 429 /)]);
  });
});

async function checksCreated(): Promise<number> {
  const stats = (await (await fetch(`${stack.emulator.url}/_emulator/stats`)).json()) as { requests: Record<string, number> };
  return Object.entries(stats.requests)
    .filter(([route]) => route.startsWith('POST /subscriber_check/v0.2/checks')) // the default SIM_SWAP_CHECK
    .reduce((sum, [, n]) => sum + n, 0);
}
