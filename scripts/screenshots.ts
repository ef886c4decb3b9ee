// `npm run screenshots`: the README's pictures of the page's main states (docs/screenshots/*.png), taken
// from the real server on the emulator, in the Chromium the browser tests use, on a phone-sized screen.
// Run it again whenever the page changes. Each picture must stay under 80 KB (the run fails otherwise),
// so the repository stays light: one phone screen at 1x, not a full page at 2x.
import { statSync } from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, DESKTOP_CONTEXT, PHONE_CONTEXT } from '../test/support/browser.js';
import { setActiveDevice } from '../test/support/browser-stack.js';
import { submitNumber, waitForForm } from '../test/support/page-actions.js';
import { freePort, repoRoot, startStack, type Stack } from '../test/support/stack.js';
import { startRelyingParty, type RunningRelyingParty } from '../examples/oidc-relying-party/relying-party.js';

const OUT = `${repoRoot}docs/screenshots`;
const MAX_BYTES = 80 * 1024;
const PHONE: BrowserContextOptions = { ...PHONE_CONTEXT, deviceScaleFactor: 1 };
const COMPUTER: BrowserContextOptions = { ...DESKTOP_CONTEXT, viewport: { width: 900, height: 560 } };

async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const { default: sparticuz } = await import('@sparticuz/chromium');
  return sparticuz.executablePath();
}

async function save(page: Page, name: string): Promise<void> {
  const path = `${OUT}/${name}.png`;
  await page.screenshot({ path });
  const bytes = statSync(path).size;
  console.log(`${name}.png  ${Math.round(bytes / 1024)} KB`);
  if (bytes > MAX_BYTES) throw new Error(`${name}.png is ${bytes} bytes, over ${MAX_BYTES}: make the picture smaller`);
}

async function shoot(browser: Browser, options: BrowserContextOptions, url: string, name: string, reach: (page: Page) => Promise<void>) {
  const context = await browser.newContext(options);
  try {
    const page = await context.newPage();
    await page.goto(url);
    await reach(page);
    await save(page, name);
  } finally {
    await context.close();
  }
}

/** The hand-off, both sides at once: the computer's QR code, and the phone asking for the code it shows. */
async function shootHandoff(browser: Browser, stack: Stack): Promise<void> {
  // Tall enough for the QR code and the code beside it.
  const [computer, phone] = await Promise.all([browser.newContext({ ...COMPUTER, viewport: { width: 900, height: 900 } }), browser.newContext(PHONE)]);
  try {
    const desktop = await computer.newPage();
    await desktop.goto(stack.appUrl);
    await desktop.getByTestId('handoff-start-button').click();
    await desktop.locator('[data-testid="handoff-qr"][src^="data:image/svg+xml"]').waitFor();
    const link = (await desktop.getByTestId('handoff-link').textContent()) ?? '';
    const code = (await desktop.getByTestId('handoff-code').textContent()) ?? '';
    await save(desktop, 'handoff-computer');
    const page = await phone.newPage();
    await page.goto(link);
    await submitNumber(page, '07700 900001');
    await page.getByTestId('handoff-code-choice').filter({ hasText: code }).waitFor({ timeout: 15_000 });
    await save(page, 'handoff-phone');
  } finally {
    await Promise.all([computer.close(), phone.close()]);
  }
}

/** "Sign in with Simpass" from the example application: its consent screen, then the connected applications. */
async function shootOidc(browser: Browser, stack: Stack, relyingParty: RunningRelyingParty): Promise<void> {
  const signIn = async (page: Page, phoneNumber: string): Promise<void> => {
    await page.getByTestId('oidc-context').waitFor();
    await submitNumber(page, phoneNumber);
    await page.getByTestId('oidc-consent').waitFor({ timeout: 15_000 });
  };
  await shoot(browser, PHONE, `${relyingParty.url}/login`, 'oidc-consent', (page) => signIn(page, '07700 900001'));
  await shoot(browser, PHONE, `${relyingParty.url}/login`, 'oidc-connected-apps', async (page) => {
    await signIn(page, '07700 900001');
    await page.getByTestId('oidc-allow-button').click();
    await page.waitForURL(`${relyingParty.url}/**`);
    await page.goto(stack.appUrl);
    await page.getByTestId('connected-app').scrollIntoViewIfNeeded({ timeout: 15_000 });
  });
}

async function main(): Promise<void> {
  const rpPort = await freePort();
  const [stack, liveStack, browser] = await Promise.all([
    startStack({ env: { OIDC_DEMO_REDIRECT_URI: `http://localhost:${rpPort}/callback` } }),
    startStack({ emulatorMode: false }),
    chromiumPath().then((executablePath) => chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS })),
  ]);
  try {
    await shoot(browser, PHONE, stack.appUrl, 'ready', async (page) => {
      await waitForForm(page);
      await page.getByTestId('simulation-device-phone').waitFor();
    });
    await setActiveDevice(stack, 'wifi');
    await shoot(browser, PHONE, stack.appUrl, 'wifi', (page) => page.getByText('Please use mobile data', { exact: true }).waitFor());
    await setActiveDevice(stack, 'phone');
    await shoot(browser, PHONE, stack.appUrl, 'no-match', async (page) => {
      await submitNumber(page, '+44 7700 900002');
      await page.getByText('Number not verified', { exact: true }).waitFor({ timeout: 15_000 });
      await waitForForm(page);
    });
    await shoot(browser, PHONE, stack.appUrl, 'signed-up', async (page) => {
      await submitNumber(page, '07700 900001');
      await page.getByText("You're signed up", { exact: true }).waitFor({ timeout: 15_000 });
    });
    await shootHandoff(browser, stack);
    const relyingParty = await startRelyingParty({ issuer: stack.appUrl, clientId: 'simpass-demo', port: rpPort });
    try {
      await shootOidc(browser, stack, relyingParty);
    } finally {
      await relyingParty.close();
    }
    await shoot(browser, COMPUTER, liveStack.appUrl, 'computer-live-mode', (page) => page.getByText('Sign in on your phone', { exact: true }).waitFor());
  } finally {
    await browser.close();
    await Promise.all([stack.close(), liveStack.close()]);
  }
}

await main();
