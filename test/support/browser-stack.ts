// What every browser test file sets up: the whole product (startStack) and one Chromium, started
// together because each takes seconds, closed in the reverse order so no page outlives its server.
import { mkdirSync } from 'node:fs';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { startStack, type Stack, type StackOptions } from './stack.js';

export interface BrowserStack {
  stack: Stack;
  browser: Browser;
}

/** Starts the stack and Chromium; makes the screenshots folder first when one is named. */
export async function openBrowserStack(artifacts?: string, options?: StackOptions): Promise<BrowserStack> {
  if (artifacts) mkdirSync(artifacts, { recursive: true });
  const [stack, browser] = await Promise.all([startStack(options), launchBrowser()]);
  return { stack, browser };
}

/** Closes what openBrowserStack opened; either may be missing when it failed half-way. */
export async function closeBrowserStack(stack: Stack | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  await stack?.close();
}

/**
 * Collects the page's console errors and uncaught exceptions into `into`, so a test can demand none.
 * `expected` names console errors that are part of the behaviour under test (e.g. a refused 400).
 */
export function collectPageProblems(page: Page, into: string[], expected: (message: ConsoleMessage) => boolean = () => false): void {
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected(message)) into.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => into.push(`pageerror: ${error.message}`));
}

/**
 * Which simulated device the network sees next: what happens when a person turns WiFi on or off. Throws
 * (rather than a Vitest expect) so `npm run screenshots` can use it too.
 */
export async function setActiveDevice(stack: Stack, deviceId: string): Promise<void> {
  const response = await fetch(`${stack.emulator.url}/_emulator/active-device`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ device_id: deviceId }),
  });
  if (response.status !== 200) throw new Error(`emulator: PUT active-device ${deviceId} answered ${response.status}`);
}
