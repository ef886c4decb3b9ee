// "Sign in with Simpass" end to end in Chromium, on the emulator: the example relying party
// (examples/oidc-relying-party, openid-client) runs in this process on an ephemeral port, registered as
// the emulator-mode demo client's redirect URI (OIDC_DEMO_REDIRECT_URI). A phone-sized browser starts at
// the application, proves its number with a SIM check on the simulated phone, sees the consent screen
// (photographed, WCAG-audited), and comes back; the test checks the ID token's signature against the
// provider's JWKS itself, and its phone_number against the simulated SIM's. Then userinfo, logout,
// Deny (access_denied at the application), consent withdrawn on the signed-in page (asked again),
// prompt=login, the other ways in (the hand-off on a computer, a passkey) continuing the application's
// sign-in, and an unknown or expired interaction (words, not an error code).
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRelyingParty, type RunningRelyingParty, type SignIn } from '../../examples/oidc-relying-party/relying-party.js';
import { audit } from '../support/accessibility-audit.js';
import { DESKTOP_CONTEXT, PHONE_CONTEXT } from '../support/browser.js';
import { closeBrowserStack, collectPageProblems, openBrowserStack } from '../support/browser-stack.js';
import { submitNumber } from '../support/page-actions.js';
import { freePort, repoRoot, type Stack } from '../support/stack.js';
import { addVirtualAuthenticator, WITHOUT_AUTOFILL } from '../support/virtual-authenticator.js';

const ARTIFACTS = `${repoRoot}test-artifacts/oidc`;
const DEMO_CLIENT_ID = 'simpass-demo';

let stack: Stack;
let browser: Browser;
let relyingParty: RunningRelyingParty;
let rpHost: string;
const signIns: SignIn[] = [];
const contexts: BrowserContext[] = [];
const problems: string[] = [];

beforeAll(async () => {
  const rpPort = await freePort();
  rpHost = `localhost:${rpPort}`;
  ({ stack, browser } = await openBrowserStack(ARTIFACTS, { env: { OIDC_DEMO_REDIRECT_URI: `http://${rpHost}/callback` } }));
  // Knows only the issuer URL and its client id: everything else comes from discovery.
  relyingParty = await startRelyingParty({ issuer: stack.appUrl, clientId: DEMO_CLIENT_ID, port: rpPort, onSignIn: (signIn) => signIns.push(signIn) });
});
afterAll(async () => {
  await relyingParty?.close();
  await closeBrowserStack(stack, browser);
});
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  setDevice('phone');
  expect(problems.splice(0)).toEqual([]);
});

/** Which simulated phone the emulator's network sees (in process: the same as its admin API). */
function setDevice(deviceId: string): void {
  stack.emulator.control.setActiveDevice(deviceId);
}

async function newPhone(options: typeof PHONE_CONTEXT | typeof DESKTOP_CONTEXT = PHONE_CONTEXT): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  const page = await context.newPage();
  collectPageProblems(page, problems, (message) => {
    const url = message.location().url;
    // The application is not under test here: its error page (access_denied) is a 400 on purpose.
    if (url.startsWith(relyingParty.url)) return true;
    // Chromium logs every 4xx fetch; an unknown interaction's 404 is the point of one test.
    return message.text().startsWith('Failed to load resource') && /\/api\/oidc\/interaction\/[^/]+$/.test(url) && / 404 /.test(message.text());
  });
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });

/** At the application: "Sign in with Simpass", and wait for Simpass's page to say what it is for. */
async function startAtApplication(page: Page): Promise<void> {
  await page.goto(relyingParty.url);
  await page.locator('#login').click();
  await page.waitForURL(`${stack.appUrl}/oidc/interaction/**`);
}

/** On the interaction page, asked to sign in: the SIM check with this phone's number. */
async function proveNumberWithSim(page: Page, phoneNumber: string): Promise<void> {
  await expect.poll(() => page.getByTestId('oidc-context-heading').textContent(), { timeout: 15_000 }).toBe(
    `Sign in to continue to Simpass demo app at ${rpHost}`,
  );
  await submitNumber(page, phoneNumber);
}

async function waitForConsent(page: Page): Promise<void> {
  await page.getByTestId('oidc-consent').waitFor({ state: 'visible', timeout: 20_000 });
}

async function waitForApplication(page: Page): Promise<void> {
  await page.waitForURL(`${relyingParty.url}/**`, { timeout: 20_000 });
}

/** A new phone on this simulated device signs in at the application by SIM and allows it. */
async function signInAndAllow(deviceId: string, phoneNumber: string): Promise<Page> {
  setDevice(deviceId);
  const page = await newPhone();
  await startAtApplication(page);
  await proveNumberWithSim(page, phoneNumber);
  await waitForConsent(page);
  await page.getByTestId('oidc-allow-button').click();
  await waitForApplication(page);
  return page;
}

// Each journey crosses two sites and a SIM check or two; the default 30 s is for one page.
const JOURNEY_TIMEOUT = 90_000;

describe('an application signs a person in with Simpass', () => {
  it('discovery, PKCE, SIM check, consent, code, tokens with a verified signature, userinfo, logout', { timeout: JOURNEY_TIMEOUT }, async () => {
    const page = await newPhone();
    await startAtApplication(page);
    await shot(page, '01-sign-in-to-continue');
    expect(await audit(page)).toEqual([]);
    await proveNumberWithSim(page, '+44 7700 900001');

    await waitForConsent(page);
    expect(await page.getByTestId('oidc-consent-heading').textContent()).toBe(`Simpass demo app at ${rpHost} wants to know:`);
    expect(await page.getByTestId('consent-scope-phone').textContent()).toBe('Your phone number, verified by your mobile network');
    expect(await page.getByTestId('consent-scope-openid').isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('oidc-consent-account').textContent()).toMatch(/\+44 7700 900001/);
    // Focus starts on the question, so a screen reader reads it first.
    expect(await page.evaluate('document.activeElement?.id')).toBe('oidc-consent-heading');
    await shot(page, '02-consent');
    expect(await audit(page)).toEqual([]);

    await page.getByTestId('oidc-allow-button').click();
    await waitForApplication(page);
    expect(await page.locator('#phone-number').textContent()).toBe('+447700900001');
    expect(await page.locator('#phone-number-verified').textContent()).toBe('true');
    expect(await page.locator('#amr').textContent()).toMatch(/\bsim\b/);
    expect(await page.locator('#userinfo-phone-number').textContent()).toBe('+447700900001');
    await shot(page, '03-signed-in-at-the-application');

    // Independently of openid-client: the ID token's signature against the JWKS that discovery names.
    const signIn = signIns.at(-1)!;
    const discovery = (await (await fetch(`${stack.appUrl}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    expect(discovery.issuer).toBe(stack.appUrl);
    const { payload } = await jwtVerify(signIn.idToken, createRemoteJWKSet(new URL(discovery.jwks_uri)), {
      issuer: discovery.issuer,
      audience: DEMO_CLIENT_ID,
    });
    expect(payload.phone_number).toBe('+447700900001');
    expect(payload.phone_number_verified).toBe(true);
    expect(payload.sub).not.toMatch(/7700900001/);
    expect(payload.amr).toContain('sim');
    expect(typeof payload.auth_time).toBe('number');
    expect(signIn.userinfo.phone_number).toBe('+447700900001');
    expect(signIn.userinfo.sub).toBe(payload.sub);

    // RP-initiated logout: the provider asks, then returns to the application signed out.
    await page.locator('#logout').click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await waitForApplication(page);
    expect(await page.locator('#status').textContent()).toBe('Signed out.');
  });

  it('Deny sends access_denied back to the application, and nothing is shared', { timeout: JOURNEY_TIMEOUT }, async () => {
    setDevice('other-sim');
    const page = await newPhone();
    const before = signIns.length;
    await startAtApplication(page);
    await proveNumberWithSim(page, '+44 7700 900002');
    await waitForConsent(page);
    await page.getByTestId('oidc-deny-button').click();
    await waitForApplication(page);
    expect(await page.locator('#error').textContent()).toBe('access_denied');
    expect(signIns.length).toBe(before);
  });

  it('consent is remembered; withdrawn on the signed-in page, it is asked for again', { timeout: JOURNEY_TIMEOUT }, async () => {
    const page = await signInAndAllow('no-sim-data', '+44 7700 900006');
    expect(await page.locator('#phone-number').textContent()).toBe('+447700900006');

    // Signing in there again: remembered, so straight back without a question.
    const before = signIns.length;
    await page.locator('#logout').waitFor();
    await page.goto(`${relyingParty.url}/login`);
    await waitForApplication(page);
    expect(await page.locator('#phone-number').textContent()).toBe('+447700900006');
    expect(signIns.length).toBe(before + 1);

    await page.goto(stack.appUrl);
    const app = page.getByTestId('connected-app');
    await app.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await app.getByTestId('connected-app-name').textContent()).toBe('Simpass demo app');
    await shot(page, '04-connected-applications');
    await app.getByTestId('connected-app-remove').click();
    expect(await page.getByTestId('connected-app-remove-warning').textContent()).toMatch(/must ask you again/);
    expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('connected-app-keep');
    expect(await audit(page)).toEqual([]);
    await page.getByTestId('connected-app-remove-confirm').click();
    await expect.poll(() => page.getByTestId('connected-apps-status').textContent()).toBe(
      'Access removed: Simpass demo app must ask you again before it learns anything.',
    );
    expect(await page.getByTestId('connected-apps-empty').isVisible()).toBe(true);
    await shot(page, '05-access-removed');

    // Still signed in to Simpass, recently: straight to the question again, no second SIM check.
    await page.goto(`${relyingParty.url}/login`);
    await waitForConsent(page);
    expect(await page.getByTestId('oidc-consent-heading').textContent()).toBe(`Simpass demo app at ${rpHost} wants to know:`);
  });

  it('prompt=login asks a person already signed in to prove the number again, then goes on', { timeout: JOURNEY_TIMEOUT }, async () => {
    const page = await signInAndAllow('other-sim', '+44 7700 900002');

    // Signed in at Simpass, but before this request began: prompt=login wants a newer proof.
    await page.goto(`${relyingParty.url}/login?prompt=login`);
    await page.waitForURL(`${stack.appUrl}/oidc/interaction/**`);
    await expect.poll(() => page.getByTestId('oidc-context-body').textContent(), { timeout: 15_000 }).toMatch(/asks for a fresh proof/);
    await submitNumber(page, '+44 7700 900002');
    await waitForApplication(page);
    expect(await page.locator('#phone-number').textContent()).toBe('+447700900002');
  });

  it('on a computer, the hand-off signs in for the application: the phone proves the number, the computer continues', { timeout: JOURNEY_TIMEOUT }, async () => {
    const computer = await newPhone(DESKTOP_CONTEXT);
    const phone = await newPhone(PHONE_CONTEXT);
    await startAtApplication(computer);
    await computer.getByTestId('oidc-context-heading').filter({ hasText: `Sign in to continue to Simpass demo app at ${rpHost}` }).waitFor();
    await computer.getByTestId('handoff-start-button').click();
    await computer.locator('[data-testid="handoff-qr"][src^="data:image/svg+xml"]').waitFor();
    const link = (await computer.getByTestId('handoff-link').textContent())!;
    const code = (await computer.getByTestId('handoff-code').textContent())!;
    // The request stays the computer's: its address bar still names the interaction.
    expect(new URL(computer.url()).pathname).toMatch(/^\/oidc\/interaction\//);

    await phone.goto(link);
    await submitNumber(phone, '+44 7700 900001');
    await phone.getByTestId('handoff-code-choice').filter({ hasText: code }).click();
    await phone.getByTestId('result-heading').filter({ hasText: 'Done — return to your computer' }).waitFor();

    // Signed in on the computer: on to the consent screen for the application, not to Simpass's own card.
    await waitForConsent(computer);
    expect(await computer.getByTestId('signed-in').isVisible()).toBe(false);
    await computer.getByTestId('oidc-allow-button').click();
    await waitForApplication(computer);
    expect(await computer.locator('#phone-number').textContent()).toBe('+447700900001');
    expect(await computer.locator('#amr').textContent()).toMatch(/\bsim\b/);
  });

  it('a passkey signs in for the application too, and the ID token says so (amr passkey)', { timeout: JOURNEY_TIMEOUT }, async () => {
    setDevice('swapped-sim');
    const page = await newPhone();
    // The button, not the autofill (which the virtual authenticator would answer by itself).
    await page.context().addInitScript(WITHOUT_AUTOFILL);
    await addVirtualAuthenticator(page.context(), page);
    await page.goto(stack.appUrl);
    await submitNumber(page, '+44 7700 900005');
    await page.getByTestId('passkey-offer-add').click();
    await expect.poll(() => page.getByTestId('passkeys-status').textContent(), { timeout: 15_000 }).toMatch(/^Passkey added/);
    await page.getByTestId('sign-out-button').click();
    await expect.poll(() => page.getByTestId('result-heading').textContent()).toMatch(/signed out/i);

    await startAtApplication(page);
    await page.getByTestId('oidc-context-heading').filter({ hasText: 'Sign in to continue to Simpass demo app' }).waitFor();
    await page.getByTestId('passkey-sign-in-button').click();
    await waitForConsent(page);
    await page.getByTestId('oidc-allow-button').click();
    await waitForApplication(page);
    expect(await page.locator('#phone-number').textContent()).toBe('+447700900005');
    expect(await page.locator('#amr').textContent()).toMatch(/\bpasskey\b/);
  });

  it('an unknown or expired sign-in request is explained in words', async () => {
    const page = await newPhone();
    await page.goto(`${stack.appUrl}/oidc/interaction/no-such-request`);
    await expect.poll(() => page.getByTestId('result-heading').textContent(), { timeout: 15_000 }).toBe('This sign-in request has expired');
    expect(await page.getByTestId('result-body').textContent()).toBe('This sign-in request has expired. Go back to the application and start again.');
    expect(await page.getByTestId('journey').isVisible()).toBe(false);
    expect(await page.evaluate('document.activeElement?.id')).toBe('result-heading');
    await shot(page, '06-expired');
  });
});
