// Passkeys in Chromium with a virtual authenticator (DevTools protocol WebAuthn domain: CTAP2, internal
// transport, resident keys, user verification): sign up by SIM → add a passkey from the offer → sign
// out → the simulated phone switches to WiFi, where the SIM check cannot run → sign in with the passkey
// → signed in. Then a computer (desktop viewport) whose authenticator holds the same passkey, as a
// synced passkey would be, signs in too; the list renames and removes it, the last one only after a
// warning. Every new state passes the WCAG audit, and screenshots land in test-artifacts/passkeys/.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../support/accessibility-audit.js';
import { DESKTOP_CONTEXT, PHONE_CONTEXT } from '../support/browser.js';
import { closeBrowserStack, collectPageProblems, openBrowserStack } from '../support/browser-stack.js';
import { chooseSimulatedDevice, submitNumber } from '../support/page-actions.js';
import { repoRoot, type Stack } from '../support/stack.js';
import { addVirtualAuthenticator, WITHOUT_AUTOFILL, type VirtualAuthenticator } from '../support/virtual-authenticator.js';

const ARTIFACTS = `${repoRoot}test-artifacts/passkeys`;

let stack: Stack;
let browser: Browser;
const problems: string[] = [];

async function credentialsOf(authenticator: VirtualAuthenticator) {
  const { credentials } = await authenticator.cdp.send('WebAuthn.getCredentials', { authenticatorId: authenticator.authenticatorId });
  return credentials;
}

async function newPage(
  contextOptions: typeof PHONE_CONTEXT | typeof DESKTOP_CONTEXT,
  options: { autofill: boolean },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(contextOptions);
  if (!options.autofill) await context.addInitScript(WITHOUT_AUTOFILL);
  const page = await context.newPage();
  collectPageProblems(page, problems);
  return { context, page };
}

async function amr(page: Page): Promise<unknown> {
  return page.evaluate(`fetch('/api/session').then((r) => r.json()).then((b) => b.data.session && b.data.session.amr)`);
}

beforeAll(async () => {
  ({ stack, browser } = await openBrowserStack(ARTIFACTS));
});
afterAll(() => closeBrowserStack(stack, browser));

describe('passkeys: the SIM proves the number once, a passkey signs in on any network', () => {
  let phone: { context: BrowserContext; page: Page };
  let phoneAuthenticator: VirtualAuthenticator;

  it('offers a passkey after a SIM sign-up, and adds one with one tap', async () => {
    phone = await newPage(PHONE_CONTEXT, { autofill: false });
    const { page } = phone;
    phoneAuthenticator = await addVirtualAuthenticator(phone.context, page);
    await page.goto(stack.appUrl);
    await submitNumber(page, '07700 900001');
    await expect.poll(() => page.getByTestId('signed-in-heading').textContent(), { timeout: 15_000 }).toBe("You're signed up");
    await page.getByTestId('passkey-offer').waitFor();
    expect(await page.getByTestId('passkeys-empty').isVisible()).toBe(true);
    expect(await amr(page)).toEqual(['sim']);
    await page.screenshot({ path: `${ARTIFACTS}/01-offer-after-sim-sign-up.png`, fullPage: true });
    expect(await audit(page)).toEqual([]);

    await page.getByTestId('passkey-offer-add').click();
    await expect.poll(() => page.getByTestId('passkeys-status').textContent()).toMatch(/^Passkey added: Passkey on Android/);
    expect(await page.getByTestId('passkey-offer').isHidden()).toBe(true);
    expect(await page.getByTestId('passkey-name').allTextContents()).toEqual(['Passkey on Android']);
    expect(await page.getByTestId('passkey-item').textContent()).toMatch(/Added .* · not used yet/);
    const stored = await credentialsOf(phoneAuthenticator);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.isResidentCredential).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/02-passkey-added.png`, fullPage: true });
    expect(await audit(page)).toEqual([]);
  });

  it('signs out, switches to WiFi (no SIM check possible), and signs in with the passkey', async () => {
    const { page } = phone;
    await page.getByTestId('sign-out-button').click();
    await expect.poll(() => page.getByTestId('result-heading').textContent()).toMatch(/signed out/i);
    await chooseSimulatedDevice(page, 'wifi');
    await expect.poll(() => page.getByTestId('connection-heading').textContent()).toMatch(/mobile data|WiFi/i);
    expect(await page.getByTestId('submit-button').isDisabled()).toBe(true);
    // The phone field offers passkeys in the browser's autofill.
    expect(await page.getByTestId('phone-input').getAttribute('autocomplete')).toBe('username webauthn');
    await page.getByTestId('passkey-sign-in-button').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/03-wifi-sign-in-with-passkey.png`, fullPage: true });
    expect(await audit(page)).toEqual([]);

    await page.getByTestId('passkey-sign-in-button').click();
    await expect.poll(() => page.getByTestId('signed-in-heading').textContent(), { timeout: 15_000 }).toBe('Welcome back');
    expect(await page.getByTestId('signed-in-lede').textContent()).toMatch(/passkey/);
    expect(await page.getByTestId('signed-in-phone').textContent()).toBe('+44 7700 900001');
    expect(await amr(page)).toEqual(['passkey']);
    // Signed in with a passkey: no offer to add one.
    await page.getByTestId('passkey-item').waitFor();
    expect(await page.getByTestId('passkey-offer').isHidden()).toBe(true);
    expect(await page.getByTestId('passkey-item').textContent()).toMatch(/last used/);
    await page.screenshot({ path: `${ARTIFACTS}/04-signed-in-with-passkey-on-wifi.png`, fullPage: true });
  });

  it('on a computer, the same (synced) passkey signs in from the browser\'s autofill; rename, and remove with a warning for the last one', async () => {
    const desktop = await newPage(DESKTOP_CONTEXT, { autofill: true });
    const { page } = desktop;
    const desktopAuthenticator = await addVirtualAuthenticator(desktop.context, page);
    // What a synced passkey provider does: the credential the phone made is on the computer too.
    const [credential] = await credentialsOf(phoneAuthenticator);
    await desktopAuthenticator.cdp.send('WebAuthn.addCredential', { authenticatorId: desktopAuthenticator.authenticatorId, credential: credential! });

    // The page starts the autofill ceremony on load; the virtual authenticator answers it at once
    // (where a person would pick the passkey under the phone-number field).
    await page.goto(stack.appUrl);
    await expect.poll(() => page.getByTestId('signed-in-heading').textContent(), { timeout: 15_000 }).toBe('Welcome back');
    expect(await amr(page)).toEqual(['passkey']);
    await page.screenshot({ path: `${ARTIFACTS}/05-desktop-signed-in-by-autofill.png`, fullPage: true });

    await page.getByTestId('passkey-rename').click();
    await page.getByTestId('passkey-name-input').fill('My Pixel');
    await page.getByTestId('passkey-rename-save').click();
    await expect.poll(() => page.getByTestId('passkey-name').allTextContents()).toEqual(['My Pixel']);

    await page.getByTestId('passkey-remove').click();
    await page.getByTestId('passkey-remove-warning').waitFor();
    expect(await page.getByTestId('passkey-remove-warning').textContent()).toMatch(/last passkey/);
    await page.screenshot({ path: `${ARTIFACTS}/06-desktop-last-passkey-warning.png`, fullPage: true });
    expect(await audit(page)).toEqual([]);
    await page.getByTestId('passkey-remove-cancel').click();
    expect(await page.getByTestId('passkey-name').allTextContents()).toEqual(['My Pixel']);

    await page.getByTestId('passkey-remove').click();
    await page.getByTestId('passkey-remove-confirm').click();
    await expect.poll(() => page.getByTestId('passkeys-status').textContent()).toBe('Removed My Pixel.');
    expect(await page.getByTestId('passkeys-empty').isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/07-desktop-passkey-removed.png`, fullPage: true });

    // The phone's copy of the removed passkey no longer signs in: said in words.
    await phone.page.getByTestId('sign-out-button').click();
    await expect.poll(() => phone.page.getByTestId('result-heading').textContent()).toMatch(/signed out/i);
    await phone.page.getByTestId('passkey-sign-in-button').click();
    await expect.poll(() => phone.page.getByTestId('passkey-sign-in-error').textContent()).toMatch(/no longer\) linked/);
    await phone.page.screenshot({ path: `${ARTIFACTS}/08-removed-passkey-refused.png`, fullPage: true });
    expect(await audit(phone.page)).toEqual([]);
    await desktop.context.close();
  });

  it('recovery: with no passkey left, a fresh SIM check signs in and offers a new one', async () => {
    const { page } = phone;
    await chooseSimulatedDevice(page, 'phone');
    await submitNumber(page, '07700 900001');
    await expect.poll(() => page.getByTestId('signed-in-heading').textContent(), { timeout: 15_000 }).toBe('Welcome back');
    await page.getByTestId('passkey-offer').waitFor();
    await page.getByTestId('passkey-offer-dismiss').click();
    await expect.poll(() => page.getByTestId('passkeys-status').textContent()).toMatch(/not ask again/);
    expect(await page.getByTestId('passkey-add').isVisible()).toBe(true);
    expect(await audit(page)).toEqual([]);
    await phone.context.close();
  });

  it('logged no errors in the browser console', () => {
    // Chromium logs every 4xx fetch as "Failed to load resource". Expected here: reachability's 412 on
    // WiFi, the 409 that asks to confirm removing the last passkey, and the removed passkey's 403.
    const expected = [/status of 412 .*\/coverage\//, /status of 409 .*\/api\/passkeys\//, /status of 403 .*\/api\/passkeys\/sign-in/];
    expect(problems.filter((problem) => !expected.some((pattern) => pattern.test(problem)))).toEqual([]);
  });
});

describe('a browser without WebAuthn\'s JSON methods (parseRequestOptionsFromJSON, toJSON)', () => {
  it('signs in with a passkey through @simplewebauthn/browser, whose chunk only such a browser fetches', async () => {
    const context = await browser.newContext(PHONE_CONTEXT);
    await context.addInitScript(WITHOUT_AUTOFILL);
    // As an older browser: the page then converts the options and the credential with the library.
    await context.addInitScript('delete PublicKeyCredential.parseRequestOptionsFromJSON; delete PublicKeyCredential.prototype.toJSON;');
    const page = await context.newPage();
    const ownProblems: string[] = [];
    collectPageProblems(page, ownProblems);
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    const fallbackFetched = () => scripts.some((path) => /\/passkey-assertion-fallback-[\w-]+\.js$/.test(path));
    await addVirtualAuthenticator(context, page);
    await page.goto(stack.appUrl);
    await chooseSimulatedDevice(page, 'other-sim');
    await submitNumber(page, '+44 7700 900002');
    await expect.poll(() => page.getByTestId('signed-in-heading').textContent(), { timeout: 15_000 }).toBe("You're signed up");
    await page.getByTestId('passkey-offer-add').click();
    await expect.poll(() => page.getByTestId('passkeys-status').textContent()).toMatch(/^Passkey added/);
    await page.getByTestId('sign-out-button').click();
    await expect.poll(() => page.getByTestId('result-heading').textContent()).toMatch(/signed out/i);
    expect(fallbackFetched()).toBe(false);

    await page.getByTestId('passkey-sign-in-button').click();
    await expect.poll(() => page.getByTestId('signed-in-heading').textContent(), { timeout: 15_000 }).toBe('Welcome back');
    expect(await amr(page)).toEqual(['passkey']);
    expect(fallbackFetched()).toBe(true);
    expect(ownProblems).toEqual([]);
    await context.close();
  });
});
