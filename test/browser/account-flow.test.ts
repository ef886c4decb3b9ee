// A person's whole account journey in Chromium: sign up with the SIM, sign out, sign in again with
// the same number ("Welcome back"), sign out — with the session kept server-side in between.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE_CONTEXT } from '../support/browser.js';
import { closeBrowserStack, collectPageProblems, openBrowserStack } from '../support/browser-stack.js';
import { submitNumber, waitForForm } from '../support/page-actions.js';
import { repoRoot, type Stack } from '../support/stack.js';

const ARTIFACTS = `${repoRoot}test-artifacts/account-flow`;

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  ({ stack, browser } = await openBrowserStack(ARTIFACTS));
  context = await browser.newContext(PHONE_CONTEXT);
  page = await context.newPage();
  collectPageProblems(page, problems);
});
afterAll(() => closeBrowserStack(stack, browser));

async function signOut(): Promise<void> {
  await page.getByTestId('sign-out-button').click();
  await expect.poll(() => page.getByTestId('result-heading').textContent()).toMatch(/signed out/i);
  expect(await page.getByTestId('signed-in').isHidden()).toBe(true);
}

async function sessionCookie() {
  return (await context.cookies(stack.appUrl)).find((cookie) => cookie.name === 'simpass_session');
}

describe('an account, from sign-up to sign-out and back', () => {
  it('signs up a new number and shows who is signed in: one card, the number written out for its owner', async () => {
    await page.goto(stack.appUrl);
    await submitNumber(page, '07700 900001');
    await expect.poll(() => page.getByTestId('signed-in-heading').textContent(), { timeout: 15_000 }).toBe("You're signed up");
    expect(await page.getByTestId('signed-in-lede').textContent()).toMatch(/new account is ready/);
    expect(await page.getByTestId('signed-in-phone').textContent()).toBe('+44 7700 900001');
    // One state: no notice above the card saying it again, and no form below it.
    expect(await page.getByTestId('result').isHidden()).toBe(true);
    expect(await page.getByTestId('journey').isHidden()).toBe(true);
    const onScreen = page.locator(':visible:not([role=status]):not([role=alert])');
    expect(await page.getByText(/signed (up|in)/i).and(onScreen).count()).toBe(1);
    const cookie = await sessionCookie();
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    // HttpOnly: page script cannot read the session (the function runs in the page, hence the string).
    expect(await page.evaluate('document.cookie')).not.toContain('simpass_session');
    await page.screenshot({ path: `${ARTIFACTS}/01-signed-up.png`, fullPage: true });
  });

  it('stays signed in across a reload, from the server-side session', async () => {
    await page.reload();
    await expect.poll(() => page.getByTestId('signed-in-heading').textContent()).toBe("You're signed in");
    expect(await page.getByTestId('signed-in-phone').textContent()).toBe('+44 7700 900001');
    expect(await page.getByTestId('phone-form').isVisible()).toBe(false);
    await page.screenshot({ path: `${ARTIFACTS}/01b-signed-in-after-reload.png`, fullPage: true });
  });

  it('signs out: the session ends on the server, not just in the browser, and the field is empty', async () => {
    const before = await sessionCookie();
    await signOut();
    await waitForForm(page);
    expect(await page.getByTestId('phone-input').inputValue()).toBe('');
    await page.screenshot({ path: `${ARTIFACTS}/02-signed-out.png`, fullPage: true });
    expect(await sessionCookie()).toBeUndefined();
    // The old cookie, replayed by hand, no longer opens anything.
    const replay = await fetch(`${stack.appUrl}/api/me`, { headers: { cookie: `simpass_session=${before!.value}` } });
    expect(replay.status).toBe(401);
  });

  it('signs in again with the same number: "Welcome back", with a new session', async () => {
    await page.reload();
    await submitNumber(page, '+44 7700 900001');
    await expect.poll(() => page.getByTestId('signed-in-heading').textContent(), { timeout: 15_000 }).toBe('Welcome back');
    expect(await page.getByTestId('result').isHidden()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/03-welcome-back.png`, fullPage: true });
    const users = await stack.database.db.selectFrom('users').select('id').execute();
    expect(users).toHaveLength(1);
  });

  it('signs out again, and the number typed to sign in is gone from the field', async () => {
    await signOut();
    await waitForForm(page);
    expect(await page.getByTestId('phone-input').inputValue()).toBe('');
    const sessions = await stack.database.db.selectFrom('sessions').select('token_hash').execute();
    expect(sessions).toEqual([]);
  });

  it('logged no console error and no page error along the whole journey', () => {
    expect(problems).toEqual([]);
  });
});
