// The page state by state, on a phone-sized screen, as a newcomer meets it: switching the simulated
// phone, WiFi turned off while the page is open, a computer in live mode, what the page says about a
// number against what it accepts, and where focus goes with the news. A screenshot of each state is kept
// in test-artifacts/page-states/.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP_CONTEXT, PHONE_CONTEXT } from '../support/browser.js';
import { closeBrowserStack, openBrowserStack, setActiveDevice } from '../support/browser-stack.js';
import { chooseSimulatedDevice, submitNumber, visibleText, waitForForm } from '../support/page-actions.js';
import { repoRoot, startStack, type Stack } from '../support/stack.js';

const ARTIFACTS = `${repoRoot}test-artifacts/page-states`;

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ({ stack, browser } = await openBrowserStack(ARTIFACTS));
});
afterAll(() => closeBrowserStack(stack, browser));
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  await setActiveDevice(stack, 'phone');
});

/** The network itself changes (not the panel): what happens when a person turns WiFi on or off. */
async function open(url: string, options: BrowserContextOptions = PHONE_CONTEXT): Promise<Page> {
  const context = await browser.newContext(options);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

const connectionHeading = (page: Page) => visibleText(page, 'connection-heading');

describe('switching the simulated phone starts the page over as that phone', () => {
  it('clears the previous result and number, and checks the new phone\'s connection', async () => {
    const page = await open(stack.appUrl);
    await submitNumber(page, '+44 7700 900002');
    await expect.poll(() => visibleText(page, 'result-heading'), { timeout: 15_000 }).toBe('Number not verified');
    await waitForForm(page);
    expect(await page.getByTestId('phone-input').inputValue()).toBe('+44 7700 900002');

    await chooseSimulatedDevice(page, 'other-sim');
    await waitForForm(page);
    expect(await page.getByTestId('result').isHidden()).toBe(true);
    expect(await page.getByTestId('phone-input').inputValue()).toBe('');
    expect(await page.getByTestId('simulation-number').textContent()).toBe('+44 7700 900002');
    await screenshot(page, '01-switched-device');

    // The new phone's own number now verifies.
    await page.getByTestId('simulation-use-number').click();
    expect(await page.getByTestId('phone-input').inputValue()).toBe('+44 7700 900002');
    await page.getByTestId('submit-button').click();
    await expect.poll(() => visibleText(page, 'signed-in-heading'), { timeout: 15_000 }).toMatch(/signed up|welcome back/i);
  });

  it('offers "Use this number" only while the form can be used: not on WiFi, not on an operator that is not covered', async () => {
    const page = await open(stack.appUrl);
    await waitForForm(page);
    expect(await page.getByTestId('simulation-use-number').isVisible()).toBe(true);

    await chooseSimulatedDevice(page, 'wifi');
    await expect.poll(() => connectionHeading(page)).toBe('Please use mobile data');
    expect(await page.getByTestId('phone-input').isDisabled()).toBe(true);
    expect(await page.getByTestId('simulation-use-number').isVisible()).toBe(false);
    expect(await page.getByTestId('simulation-connection').textContent()).toBe('WiFi (no mobile data)');
    await screenshot(page, '02-wifi');

    await chooseSimulatedDevice(page, 'unsupported');
    await expect.poll(() => connectionHeading(page)).toBe('Your mobile network is not covered yet');
    expect(await page.getByTestId('simulation-use-number').isVisible()).toBe(false);
    expect(await page.getByTestId('simulation-connection').textContent()).toBe('Mobile data on Three UK (not covered)');
    await screenshot(page, '03-not-covered');

    await chooseSimulatedDevice(page, 'phone');
    await waitForForm(page);
    expect(await page.getByTestId('simulation-use-number').isVisible()).toBe(true);
  });

  it.each([412, 390, 360])('shows every device label whole on a %i px wide phone', async (width) => {
    const page = await open(stack.appUrl, { ...PHONE_CONTEXT, viewport: { width, height: 844 } });
    await page.getByTestId('simulation-device-swapped-sim').waitFor();
    const labels = await page.evaluate(`[...document.querySelectorAll('[data-testid=simulation-devices] label')].map((row) => {
      const text = row.querySelector('span');
      const panel = row.closest('section').getBoundingClientRect();
      const box = text.getBoundingClientRect();
      return { text: text.textContent, clipped: text.scrollWidth > text.clientWidth || box.right > panel.right || box.left < panel.left };
    })`);
    expect(labels).toEqual([
      { text: 'Phone on O2 (SIM unchanged)', clipped: false },
      { text: 'Another phone on Vodafone', clipped: false },
      { text: 'Phone on WiFi', clipped: false },
      { text: 'Phone on Three (not covered)', clipped: false },
      { text: 'Phone on O2, SIM changed a day ago', clipped: false },
      { text: 'Phone without SIM-change data', clipped: false },
    ]);
    if (width === 412) await page.getByTestId('simulation-panel').screenshot({ path: `${ARTIFACTS}/04-panel-412px.png` });
  });
});

describe('a phone on WiFi notices the change without a reload, and keeps the number typed', () => {
  it('offline, back online, a change of connection, and "Check again"', async () => {
    const page = await open(stack.appUrl);
    await waitForForm(page);
    await page.getByTestId('phone-input').fill('07700 900001');
    await page.evaluate('window.notReloaded = true');
    const typed = () => page.getByTestId('phone-input').inputValue();
    const context = page.context();

    // WiFi comes on and the connection drops for a moment: the browser's offline and online events.
    await setActiveDevice(stack, 'wifi');
    await context.setOffline(true);
    await expect.poll(() => connectionHeading(page)).toBe("You're offline");
    expect(await page.getByTestId('check-again-button').isVisible()).toBe(true);
    expect(await typed()).toBe('07700 900001');
    await screenshot(page, '05-offline');

    await context.setOffline(false);
    await expect.poll(() => connectionHeading(page)).toBe('Please use mobile data');
    expect(await page.getByTestId('connection-body').textContent()).toMatch(/Turn off WiFi: the page notices by itself/);
    expect(await page.getByTestId('submit-button').isDisabled()).toBe(true);
    expect(await typed()).toBe('07700 900001');
    // The panel shows the network as it now is, though it did not make the change.
    await expect.poll(() => page.getByTestId('simulation-device-wifi').isChecked()).toBe(true);
    await screenshot(page, '06-wifi-check-again');

    // WiFi off, mobile data on, without going offline: Chromium's navigator.connection fires `change`
    // (here from DevTools' network emulation, the same event a real change of network raises).
    await setActiveDevice(stack, 'phone');
    const devtools = await context.newCDPSession(page);
    await devtools.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 60,
      downloadThroughput: 4_000_000 / 8,
      uploadThroughput: 1_000_000 / 8,
      connectionType: 'cellular4g',
    });
    await waitForForm(page);
    expect(await typed()).toBe('07700 900001');

    // Where the browser says nothing, the button asks again: still WiFi, then mobile data.
    await setActiveDevice(stack, 'wifi');
    await devtools.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await expect.poll(() => connectionHeading(page)).toBe('Please use mobile data');
    await setActiveDevice(stack, 'phone');
    await page.getByTestId('check-again-button').click();
    await waitForForm(page);
    expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('phone-input');
    expect(await typed()).toBe('07700 900001');
    expect(await page.evaluate('window.notReloaded')).toBe(true);
  });

  it('"Check again" on a phone still on WiFi says so again, with focus on the explanation', async () => {
    await setActiveDevice(stack, 'wifi');
    const page = await open(stack.appUrl);
    await expect.poll(() => connectionHeading(page)).toBe('Please use mobile data');
    await page.getByTestId('check-again-button').click();
    await expect.poll(() => page.evaluate('document.activeElement?.dataset.testid')).toBe('connection-heading');
    expect(await connectionHeading(page)).toBe('Please use mobile data');
  });
});

describe('on a computer', () => {
  let liveStack: Stack;
  beforeAll(async () => {
    liveStack = await startStack({ emulatorMode: false });
  });
  afterAll(async () => liveStack?.close());

  it('in live mode, says plainly that sign-in needs a phone on mobile data', async () => {
    const page = await open(liveStack.appUrl, DESKTOP_CONTEXT);
    await expect.poll(() => connectionHeading(page)).toBe('Sign in on your phone');
    const body = await page.getByTestId('connection-body').textContent();
    expect(body).toContain('sign-in needs a phone on mobile data');
    expect(body).toContain(`On your phone, with WiFi off, open ${liveStack.appUrl}`);
    // Nothing here a computer could use: no form, no "Check again".
    expect(await page.getByTestId('phone-form').isVisible()).toBe(false);
    expect(await page.getByTestId('check-again-button').isVisible()).toBe(false);
    expect(await page.getByTestId('simulation-panel').isVisible()).toBe(false);
    await screenshot(page, '07-computer-live-mode');
  });

  it('in live mode, a phone gets the normal journey', async () => {
    const page = await open(liveStack.appUrl);
    await waitForForm(page);
    expect(await page.getByTestId('connection-notice').isHidden()).toBe(true);
  });

  it('on the emulator, a computer gets the normal journey, to try every outcome', async () => {
    const page = await open(stack.appUrl, DESKTOP_CONTEXT);
    await waitForForm(page);
    await page.getByTestId('simulation-panel').waitFor();
  });
});

describe('what the page says about a number matches what it accepts', () => {
  it('every example in a message about the field is accepted when typed', async () => {
    const page = await open(stack.appUrl);
    const examples = new Set<string>();
    const said: Record<string, string> = {};
    // Empty and letters: the page's own words; brackets only and too short: the server's.
    for (const input of ['', 'call me', '()', '12']) {
      await submitNumber(page, input);
      await expect.poll(() => visibleText(page, 'phone-error')).toBeTruthy();
      const message = (await page.getByTestId('phone-error').textContent())!;
      said[input] = message;
      for (const example of message.match(/\+?\d[\d\s]{5,}\d/gu) ?? []) examples.add(example);
      if (input === 'call me') await screenshot(page, '08-invalid-number');
    }
    expect(said['call me']).toBe('That does not look like a phone number. Use digits, spaces and a leading +, for example +44\u00a07700\u00a0900123.');
    expect(said['()']).toMatch(/^That does not look like a phone number\. Use digits, spaces and a leading \+/);
    expect(said['12']).toMatch(/too short/);
    expect([...examples].length).toBeGreaterThan(0);

    for (const example of examples) {
      await submitNumber(page, example);
      // Accepted: the check runs (this SIM has another number, so it does not match) and no field error shows.
      await expect.poll(() => visibleText(page, 'result-heading'), { timeout: 15_000 }).toBe('Number not verified');
      expect(await page.getByTestId('phone-error').isHidden()).toBe(true);
    }
  });
});

describe('focus follows the news, with a designed ring that stays', () => {
  it('a focused result heading rings its whole box in the box\'s colour, not the words in dashes', async () => {
    const page = await open(stack.appUrl);
    await submitNumber(page, '+44 7700 900002');
    await expect.poll(() => page.evaluate('document.activeElement?.dataset.testid'), { timeout: 15_000 }).toBe('result-heading');
    // Still there once the page has settled (the form back after the connection check).
    await waitForForm(page);
    expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('result-heading');
    const styles = await page.evaluate(`(() => {
      const heading = getComputedStyle(document.querySelector('[data-testid=result-heading]'));
      const box = getComputedStyle(document.querySelector('[data-testid=result]'));
      return { heading: heading.outlineStyle, box: [box.outlineStyle, box.outlineWidth, box.outlineColor] };
    })()`);
    expect(styles).toEqual({ heading: 'none', box: ['solid', '3px', 'rgb(164, 22, 26)'] });
    await screenshot(page, '09-no-match-focused');
  });
});
