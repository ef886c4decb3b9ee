// An automated accessibility audit (axe-core, WCAG 2.1 A and AA rules) of every state a person can
// meet on the page, on a phone-sized screen. Automated rules catch contrast, labels, names, landmarks
// and ARIA misuse; they do not replace trying the page with a screen reader.
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../support/accessibility-audit.js';
import { DESKTOP_CONTEXT, PHONE_CONTEXT } from '../support/browser.js';
import { closeBrowserStack, openBrowserStack, setActiveDevice } from '../support/browser-stack.js';
import { chooseSimulatedDevice, submitNumber, visibleText, waitForForm } from '../support/page-actions.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  ({ stack, browser } = await openBrowserStack());
});
afterAll(() => closeBrowserStack(stack, browser));

async function withPage(run: (page: Page) => Promise<void>, options: BrowserContextOptions = PHONE_CONTEXT): Promise<void> {
  const context = await browser.newContext(options);
  try {
    await run(await context.newPage());
  } finally {
    await context.close();
  }
}

describe('the page passes an automated WCAG 2.1 AA audit', () => {
  it('ready to verify, with the simulation panel', () =>
    withPage(async (page) => {
      await setActiveDevice(stack, 'phone');
      await page.goto(stack.appUrl);
      await waitForForm(page);
      await page.getByTestId('simulation-panel').waitFor();
      expect(await audit(page)).toEqual([]);
    }));

  it('asking to turn off WiFi', () =>
    withPage(async (page) => {
      await setActiveDevice(stack, 'wifi');
      await page.goto(stack.appUrl);
      await page.getByTestId('check-again-button').waitFor();
      expect(await audit(page)).toEqual([]);
      await setActiveDevice(stack, 'phone');
    }));

  it('with an error next to the phone number field', () =>
    withPage(async (page) => {
      await page.goto(stack.appUrl);
      await submitNumber(page, '12');
      await page.getByTestId('phone-error').and(page.locator(':visible')).waitFor();
      expect(await audit(page)).toEqual([]);
    }));

  it('signed in, with focus on the card', () =>
    withPage(async (page) => {
      await page.goto(stack.appUrl);
      await submitNumber(page, '07700 900001');
      await page.getByTestId('signed-in').waitFor({ timeout: 15_000 });
      expect(await audit(page)).toEqual([]);
    }));

  it('signed out, with the news focused above the form', () =>
    withPage(async (page) => {
      await page.goto(stack.appUrl);
      await submitNumber(page, '07700 900001');
      await page.getByTestId('sign-out-button').click({ timeout: 15_000 });
      await waitForForm(page);
      expect(await visibleText(page, 'result-heading')).toBe("You're signed out");
      expect(await audit(page)).toEqual([]);
    }));

  it('a number that does not match, with the result focused', () =>
    withPage(async (page) => {
      await page.goto(stack.appUrl);
      await submitNumber(page, '+44 7700 900002');
      await expect.poll(() => visibleText(page, 'result-heading'), { timeout: 15_000 }).toBe('Number not verified');
      await waitForForm(page);
      expect(await audit(page)).toEqual([]);
    }));

  it('an operator that is not covered, chosen in the simulation panel', () =>
    withPage(async (page) => {
      await page.goto(stack.appUrl);
      await waitForForm(page);
      try {
        await chooseSimulatedDevice(page, 'unsupported');
        await expect.poll(() => visibleText(page, 'connection-heading')).toBe('Your mobile network is not covered yet');
        expect(await audit(page)).toEqual([]);
      } finally {
        await setActiveDevice(stack, 'phone');
      }
    }));

  it('offline, with "Check again"', () =>
    withPage(async (page) => {
      await page.goto(stack.appUrl);
      await waitForForm(page);
      await page.context().setOffline(true);
      await expect.poll(() => visibleText(page, 'connection-heading')).toBe("You're offline");
      expect(await audit(page)).toEqual([]);
    }));

  describe('live mode (no emulator)', () => {
    let liveStack: Stack;
    beforeAll(async () => {
      liveStack = await startStack({ emulatorMode: false });
    });
    afterAll(async () => liveStack?.close());

    it('on a computer: sign in on your phone', () =>
      withPage(async (page) => {
        await page.goto(liveStack.appUrl);
        await expect.poll(() => visibleText(page, 'connection-heading')).toBe('Sign in on your phone');
        expect(await audit(page)).toEqual([]);
      }, DESKTOP_CONTEXT));

    it('on a phone: ready, with no simulation panel', () =>
      withPage(async (page) => {
        await page.goto(liveStack.appUrl);
        await waitForForm(page);
        expect(await audit(page)).toEqual([]);
      }));
  });
});

describe('keyboard only', () => {
  it('reaches the phone field first, submits with Enter, and lands focus on the signed-in card', () =>
    withPage(async (page) => {
      await setActiveDevice(stack, 'phone');
      await page.goto(stack.appUrl);
      await waitForForm(page);
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('phone-input');
      await page.keyboard.type('07700 900001');
      await page.keyboard.press('Enter');
      await page.getByTestId('signed-in').waitFor({ timeout: 15_000 });
      // After the round trip through the network, focus is on the signed-in heading, read out first.
      await expect.poll(() => page.evaluate('document.activeElement?.dataset.testid')).toBe('signed-in-heading');
    }));
});

describe('the audit itself', () => {
  it('does find a violation when there is one (an input with no label)', () =>
    withPage(async (page) => {
      await page.goto(stack.appUrl);
      await page.getByTestId('phone-form').waitFor();
      await page.evaluate(`document.querySelector('main').append(Object.assign(document.createElement('input'), { type: 'text' }))`);
      expect((await audit(page)).some((violation) => violation.startsWith('label '))).toBe(true);
    }));
});
