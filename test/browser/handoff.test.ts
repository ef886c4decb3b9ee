// The hand-off as people meet it in Chromium: a desktop and a phone, two browser contexts side by side
// (two cookie jars, two User-Agents) on one machine and one emulator. The desktop shows a QR code that
// decodes to the very link it writes out; the phone opens it, verifies its number on mobile data and
// picks the desktop's code; the desktop is signed in live, the phone is not. Each state passes the
// WCAG 2.1 AA audit and is photographed into test-artifacts/handoff/.
import { randomUUID } from 'node:crypto';
import jsqr from 'jsqr';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../support/accessibility-audit.js';
import { DESKTOP_CONTEXT, PHONE_CONTEXT } from '../support/browser.js';
import { closeBrowserStack, openBrowserStack, setActiveDevice } from '../support/browser-stack.js';
import { chooseSimulatedDevice, submitNumber, waitForForm } from '../support/page-actions.js';
import { repoRoot, type Stack } from '../support/stack.js';

const ARTIFACTS = `${repoRoot}test-artifacts/handoff`;
// jsqr is CommonJS whose module.exports is the function, with `.default` pointing at it too; under
// NodeNext the default import is typed as the whole module, so take `.default`.
const jsQR = jsqr.default;

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  ({ stack, browser } = await openBrowserStack(ARTIFACTS));
});
afterAll(() => closeBrowserStack(stack, browser));
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await setActiveDevice(stack, 'phone');
  expect(pageErrors.splice(0)).toEqual([]);
});

async function newPage(options: typeof DESKTOP_CONTEXT | typeof PHONE_CONTEXT): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

async function emulatorAdmin(method: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${stack.emulator.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });

/** The desktop presses "Use your phone" and waits for the QR code; returns the link and code shown. */
async function startOnDesktop(desktop: Page, options: { reload: boolean } = { reload: true }): Promise<{ link: string; code: string }> {
  if (options.reload) await desktop.goto(stack.appUrl);
  await desktop.getByTestId('handoff-start-button').click();
  await desktop.locator('[data-testid="handoff-qr"][src^="data:image/svg+xml"]').waitFor();
  return { link: (await desktop.getByTestId('handoff-link').textContent())!, code: (await desktop.getByTestId('handoff-code').textContent())! };
}

/** Reads the QR code the desktop shows, from the image's own pixels. */
async function decodeQr(desktop: Page): Promise<string | null> {
  const size = 400;
  // A string, run in the page: the test's own TypeScript has no DOM types.
  const pixels = await desktop.evaluate<number[]>(`(() => {
    const canvas = document.createElement('canvas');
    canvas.width = ${size};
    canvas.height = ${size};
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, ${size}, ${size});
    context.drawImage(document.querySelector('[data-testid="handoff-qr"]'), 0, 0, ${size}, ${size});
    return Array.from(context.getImageData(0, 0, ${size}, ${size}).data);
  })()`);
  return jsQR(Uint8ClampedArray.from(pixels), size, size)?.data ?? null;
}

describe('hand-off from a desktop to a phone', () => {
  it('signs the desktop in live once the phone verified its number and picked the code; the phone stays signed out', async () => {
    const desktop = await newPage(DESKTOP_CONTEXT);
    const phone = await newPage(PHONE_CONTEXT);
    const streams: string[] = [];
    desktop.on('request', (request) => {
      if (request.url().endsWith('/api/handoff/events')) streams.push(request.url());
    });

    // Two windows, two simulated devices at once (each window's own choice in the panel): the desktop
    // on WiFi, the phone on mobile data. The phone window chooses last, so the emulator's shared
    // "active device" is the phone's: the desktop stays on WiFi by its own choice.
    await desktop.goto(stack.appUrl);
    await chooseSimulatedDevice(desktop, 'wifi');
    await desktop.getByTestId('connection-heading').filter({ hasText: 'Please use mobile data' }).waitFor();
    await phone.goto(stack.appUrl);
    await chooseSimulatedDevice(phone, 'phone');
    await waitForForm(phone);
    await desktop.getByTestId('check-again-button').click();
    await desktop.getByTestId('connection-heading').filter({ hasText: 'Please use mobile data' }).waitFor();
    await desktop.getByTestId('handoff-offer').waitFor();
    await shot(desktop, '1-desktop-on-wifi-offer');
    const { link, code } = await startOnDesktop(desktop, { reload: false });
    expect(link).toMatch(new RegExp(`^${stack.appUrl}/#handoff=`));
    expect(code).toMatch(/^\d\d$/);
    expect(await decodeQr(desktop)).toBe(link);
    await expect.poll(() => desktop.getByTestId('live-status').textContent()).toMatch(/Sign-in link ready/);
    await shot(desktop, '2-desktop-qr');
    expect(await audit(desktop)).toEqual([]);

    // The phone opens the link: it is told where the sign-in will happen, and the link leaves its address bar.
    await phone.goto(link);
    await phone.getByTestId('handoff-phone-where').filter({ hasText: 'Chrome on Linux' }).waitFor();
    expect(new URL(phone.url()).hash).toBe('');
    await desktop.getByTestId('handoff-status').filter({ hasText: 'Your phone opened the link' }).waitFor();
    await shot(phone, '3-phone-opened');
    expect(await audit(phone)).toEqual([]);

    await submitNumber(phone, '+44 7700 900001');
    const choice = phone.getByTestId('handoff-code-choice').filter({ hasText: code });
    await choice.waitFor();
    expect(await phone.getByTestId('handoff-code-choice').count()).toBe(3);
    // Verified: the form goes away rather than sitting disabled under the codes.
    expect(await phone.getByTestId('journey').isHidden()).toBe(true);
    await shot(phone, '4-phone-pick-code');
    expect(await audit(phone)).toEqual([]);

    await choice.click();
    await phone.getByTestId('result-heading').filter({ hasText: 'Done — return to your computer' }).waitFor();
    await desktop.getByTestId('signed-in').waitFor();
    expect(await desktop.getByTestId('signed-in-phone').textContent()).toBe('+44 7700 900001');
    await shot(phone, '5-phone-done');
    await shot(desktop, '6-desktop-signed-in');
    expect(await audit(phone)).toEqual([]);
    // Live: the desktop listened to the event stream and never reloaded.
    expect(streams.length).toBeGreaterThan(0);
    expect(new URL(desktop.url()).search).toBe('');

    // The phone is not signed in, even after a reload.
    expect(await phone.getByTestId('signed-in').isVisible()).toBe(false);
    await phone.reload();
    await phone.getByTestId('phone-form').waitFor();
    expect(await phone.getByTestId('signed-in').isVisible()).toBe(false);
    expect(await phone.evaluate(() => fetch('/api/session').then((r) => r.json()))).toEqual({ data: { user: null, session: null } });
  });

  it('on a number that may have had another owner, the phone offers a new account and the desktop signs in with it', async () => {
    const number = '447700900431';
    const day = 86_400_000;
    // A phone whose SIM changed two months ago, holding a number whose account was last used a year ago.
    await emulatorAdmin('PUT', '/_emulator/devices/recycled-handoff', {
      label: 'Recycled number',
      connection: 'mobile',
      network_id: '23410',
      phone_number: number,
      sim_changed_at: new Date(Date.now() - 60 * day).toISOString(),
    });
    const oldAccount = randomUUID();
    const usedAt = Date.now() - 365 * day;
    await stack.database.db
      .insertInto('users')
      .values({ id: oldAccount, phone_e164: `+${number}`, created_at: usedAt - day, last_sign_in_at: usedAt, retired_at: null })
      .execute();

    const desktop = await newPage(DESKTOP_CONTEXT);
    const phone = await newPage(PHONE_CONTEXT);
    const { link, code } = await startOnDesktop(desktop);
    await setActiveDevice(stack, 'recycled-handoff');
    await phone.goto(link);
    await submitNumber(phone, '+44 7700 900431');
    await phone.getByTestId('handoff-code-choice').filter({ hasText: code }).click();

    await phone.getByTestId('result-heading').filter({ hasText: 'This number may have had another owner' }).waitFor();
    const newAccount = phone.getByTestId('new-account-button');
    await newAccount.waitFor();
    await shot(phone, '11-phone-possibly-recycled');
    expect(await audit(phone)).toEqual([]);
    // Nothing was granted yet: the desktop still waits and the old account is untouched.
    expect(await desktop.getByTestId('signed-in').isVisible()).toBe(false);

    await newAccount.click();
    await phone.getByTestId('result-heading').filter({ hasText: 'Done — return to your computer' }).waitFor();
    await desktop.getByTestId('signed-in').waitFor();
    expect(await desktop.getByTestId('signed-in-phone').textContent()).toBe('+44 7700 900431');
    const rows = await stack.database.db.selectFrom('users').select(['id', 'retired_at']).where('phone_e164', '=', `+${number}`).execute();
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.id === oldAccount)?.retired_at).not.toBeNull();
  });

  it('falls back to polling when the event stream cannot be had, and still signs the desktop in', async () => {
    const desktop = await newPage(DESKTOP_CONTEXT);
    const phone = await newPage(PHONE_CONTEXT);
    // A proxy that will not pass event streams: the stream never opens.
    await desktop.route('**/api/handoff/events', (route) => route.abort());
    const polls: string[] = [];
    desktop.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/handoff') polls.push(request.method());
    });
    const { link, code } = await startOnDesktop(desktop);
    await phone.goto(link);
    await desktop.getByTestId('handoff-status').filter({ hasText: 'Your phone opened the link' }).waitFor();
    await submitNumber(phone, '+44 7700 900001');
    await phone.getByTestId('handoff-code-choice').filter({ hasText: code }).click();
    await desktop.getByTestId('signed-in').waitFor();
    expect(polls.filter((method) => method === 'GET').length).toBeGreaterThan(0);
  });

  it('stops at a wrong code: both sides say so in words, and the desktop can start again', async () => {
    const desktop = await newPage(DESKTOP_CONTEXT);
    const phone = await newPage(PHONE_CONTEXT);
    const { link, code } = await startOnDesktop(desktop);
    await phone.goto(link);
    await submitNumber(phone, '+44 7700 900001');
    await phone.getByTestId('handoff-code-choice').first().waitFor();
    await phone.getByTestId('handoff-code-choice').filter({ hasNotText: code }).first().click();

    await phone.getByTestId('result-heading').filter({ hasText: 'Sign-in on your computer stopped' }).waitFor();
    expect(await phone.getByTestId('result-body').textContent()).toMatch(/not the code shown on your computer/);
    await desktop.getByTestId('result-heading').filter({ hasText: 'Sign-in with your phone stopped' }).waitFor();
    expect(await desktop.getByTestId('result-body').textContent()).toMatch(/code chosen on the phone/);
    await shot(phone, '7-phone-wrong-code');
    await shot(desktop, '8-desktop-stopped');
    expect(await audit(phone)).toEqual([]);
    expect(await audit(desktop)).toEqual([]);

    await desktop.getByTestId('handoff-restart-button').click();
    await desktop.locator('[data-testid="handoff-qr"][src^="data:image/svg+xml"]').waitFor();
    expect(await desktop.getByTestId('handoff-link').textContent()).not.toBe(link);
  });

  it('tells the phone when the desktop cancelled while the phone was verifying, and does not sign the phone in', async () => {
    const desktop = await newPage(DESKTOP_CONTEXT);
    const phone = await newPage(PHONE_CONTEXT);
    const { link } = await startOnDesktop(desktop);
    await phone.goto(link);
    await phone.getByTestId('handoff-phone').waitFor();
    await desktop.getByTestId('handoff-cancel-button').click();
    await desktop.getByTestId('journey').waitFor();
    await submitNumber(phone, '+44 7700 900001');
    await phone.getByTestId('result-heading').filter({ hasText: 'Sign-in on your computer stopped' }).waitFor();
    expect(await phone.getByTestId('signed-in').isVisible()).toBe(false);
    expect(await phone.evaluate(() => fetch('/api/session').then((r) => r.json()))).toEqual({ data: { user: null, session: null } });
    await shot(phone, '9-phone-desktop-cancelled');
  });

  it('tells a phone on WiFi to use mobile data, with the hand-off still shown', async () => {
    const desktop = await newPage(DESKTOP_CONTEXT);
    const { link } = await startOnDesktop(desktop);
    await setActiveDevice(stack, 'wifi');
    const phone = await newPage(PHONE_CONTEXT);
    await phone.goto(link);
    await phone.getByTestId('connection-heading').filter({ hasText: 'Please use mobile data' }).waitFor();
    expect(await phone.getByTestId('handoff-phone').isVisible()).toBe(true);
    // A phone already in a hand-off is not offered to hand off again.
    expect(await phone.getByTestId('handoff-offer').isVisible()).toBe(false);
    await shot(phone, '10-phone-on-wifi');
    expect(await audit(phone)).toEqual([]);
  });

  it('says in words that a mistyped link is not valid, and takes it out of the address bar', async () => {
    const phone = await newPage(PHONE_CONTEXT);
    await phone.goto(`${stack.appUrl}/#handoff=abcde-fghij-%E0%A4%A`);
    await phone.getByTestId('result-heading').filter({ hasText: 'This sign-in link cannot be used' }).waitFor();
    expect(await phone.getByTestId('result-body').textContent()).toMatch(/not valid/);
    expect(new URL(phone.url()).hash).toBe('');
  });

  it('tells a second phone that the link was already opened', async () => {
    const desktop = await newPage(DESKTOP_CONTEXT);
    const { link } = await startOnDesktop(desktop);
    const first = await newPage(PHONE_CONTEXT);
    await first.goto(link);
    await first.getByTestId('handoff-phone').waitFor();
    const second = await newPage(PHONE_CONTEXT);
    await second.goto(link);
    await second.getByTestId('result-heading').filter({ hasText: 'This sign-in link cannot be used' }).waitFor();
    expect(await second.getByTestId('result-body').textContent()).toMatch(/already opened on another phone/);
    await shot(second, '11-second-phone');
    expect(await audit(second)).toEqual([]);
  });
});
