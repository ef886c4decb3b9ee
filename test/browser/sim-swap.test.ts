// SIM-swap and recycled-number protection as a person meets it in Chromium: the simulation panel's
// "SIM changed … ago" sets the simulated phone's SIM, the page shows each verdict in words (with a
// screenshot of each state in test-artifacts/sim-swap/) and every state passes the WCAG 2.1 AA audit.
// An account "last used N days ago" is arranged in the database; everything else goes through the page.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../support/accessibility-audit.js';
import { PHONE_CONTEXT } from '../support/browser.js';
import { closeBrowserStack, openBrowserStack } from '../support/browser-stack.js';
import { submitNumber } from '../support/page-actions.js';
import { repoRoot, type Stack } from '../support/stack.js';

const ARTIFACTS = `${repoRoot}test-artifacts/sim-swap`;
const DAY_MS = 86_400_000;

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  ({ stack, browser } = await openBrowserStack(ARTIFACTS));
});
afterAll(() => closeBrowserStack(stack, browser));
afterEach(async () => {
  await context?.close();
  await emulator('DELETE', '/_emulator/faults');
});

async function emulator(method: string, path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${stack.emulator.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
}

/** A simulated phone of its own (SIM never changed), made the active device: what this browser "is". */
async function holdPhone(id: string, phoneNumber: string): Promise<void> {
  await emulator('PUT', `/_emulator/devices/${id}`, {
    label: `Test phone ${phoneNumber}`,
    connection: 'mobile',
    network_id: '23410',
    phone_number: phoneNumber,
    sim_changed_at: null,
  });
  await emulator('PUT', '/_emulator/active-device', { device_id: id });
}

/** An account on the number, last signed in `daysAgo` days ago. */
async function accountUsed(phoneNumber: string, daysAgo: number): Promise<string> {
  const id = randomUUID();
  const at = Date.now() - daysAgo * DAY_MS;
  await stack.database.db.insertInto('users').values({ id, phone_e164: `+${phoneNumber}`, created_at: at - DAY_MS, last_sign_in_at: at, retired_at: null }).execute();
  return id;
}

async function openPage(): Promise<void> {
  context = await browser.newContext(PHONE_CONTEXT);
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(stack.appUrl);
  await page.getByTestId('simulation-panel').waitFor();
}

/** Sets "SIM changed … ago" in the simulation panel, as a person would, and waits until the network has it. */
async function simChanged(deviceId: string, minutesAgo: number): Promise<void> {
  const select = page.getByTestId('simulation-sim-change');
  await select.and(page.locator(':enabled')).waitFor();
  await select.selectOption(String(minutesAgo));
  await expect.poll(() => page.getByTestId('live-status').textContent()).toMatch(/Simulated SIM change set to/);
  const network = (await (await fetch(`${stack.emulator.url}/_emulator/network`)).json()) as { devices: { id: string; sim_changed_at: string | null }[] };
  expect(network.devices.find((d) => d.id === deviceId)?.sim_changed_at).not.toBeNull();
}

const heading = () => page.getByTestId('result-heading').textContent();
const signedInHeading = () => page.getByTestId('signed-in-heading').textContent();
const body = () => page.getByTestId('result-body').textContent();

describe('SIM-swap protection on the page', () => {
  it('a returning user whose SIM changed yesterday is refused, told why and until when', async () => {
    await holdPhone('returning', '447700900401');
    await accountUsed('447700900401', 3);
    await openPage();
    await simChanged('returning', 1440);
    await page.screenshot({ path: `${ARTIFACTS}/01-panel-sim-changed-yesterday.png`, fullPage: true });
    await submitNumber(page, '+44 7700 900401');
    await expect.poll(heading, { timeout: 15_000 }).toBe('Your SIM card changed recently');
    const words = (await body())!;
    expect(words).toMatch(/SIM card was changed recently, so we can't sign you in with it yet/);
    expect(words).toMatch(/SIM swap/);
    expect(words).toMatch(/try again after \w+day \d{1,2} \w+ \d{4}, \d\d:\d\d UTC/);
    expect(words).toMatch(/In your time zone that is/);
    expect(words).toMatch(/contact your mobile network/);
    expect(await page.getByTestId('signed-in').isHidden()).toBe(true);
    await expect.poll(() => page.evaluate('document.activeElement?.dataset.testid')).toBe('result-heading');
    await page.screenshot({ path: `${ARTIFACTS}/02-refused-sim-changed-yesterday.png`, fullPage: true });
    expect(await audit(page)).toEqual([]);
  });

  it('a user whose SIM changed a month ago and who signed in last week is signed in', async () => {
    await holdPhone('settled', '447700900402');
    await accountUsed('447700900402', 6);
    await openPage();
    await simChanged('settled', 30 * 1440);
    await submitNumber(page, '+44 7700 900402');
    await expect.poll(signedInHeading, { timeout: 15_000 }).toBe('Welcome back');
    await page.screenshot({ path: `${ARTIFACTS}/03-signed-in-sim-changed-a-month-ago.png`, fullPage: true });
  });

  it('an account last used a year ago, SIM changed since: treated as possibly recycled, and a new account only by choice', async () => {
    await holdPhone('recycled', '447700900403');
    const oldAccount = await accountUsed('447700900403', 365);
    await openPage();
    await simChanged('recycled', 60 * 1440);
    await submitNumber(page, '+44 7700 900403');
    await expect.poll(heading, { timeout: 15_000 }).toBe('This number may have had another owner');
    expect(await body()).toMatch(/may belong to whoever had this number before you/);
    const choice = page.getByTestId('new-account-button');
    await choice.waitFor();
    expect(await choice.textContent()).toMatch(/Start a new account on this number/);
    expect(await page.getByTestId('signed-in').isHidden()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/04-possibly-recycled-number.png`, fullPage: true });
    expect(await audit(page)).toEqual([]);

    // Nothing happened to the old account until the person chose.
    const before = await stack.database.db.selectFrom('users').select(['id', 'retired_at']).where('id', '=', oldAccount).executeTakeFirstOrThrow();
    expect(before.retired_at).toBeNull();

    await choice.click();
    await expect.poll(signedInHeading, { timeout: 15_000 }).toBe("You're signed up");
    await page.screenshot({ path: `${ARTIFACTS}/05-new-account-on-recycled-number.png`, fullPage: true });
    const rows = await stack.database.db.selectFrom('users').select(['id', 'retired_at']).where('phone_e164', '=', '+447700900403').execute();
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.id === oldAccount)?.retired_at).not.toBeNull();
  });

  it('a new number with a fresh SIM signs up', async () => {
    await holdPhone('fresh', '447700900404');
    await openPage();
    // The panel fills in after it has read the emulator: wait for that, not for the first paint.
    await expect.poll(() => page.getByTestId('simulation-sim-change').inputValue(), { timeout: 15_000 }).toBe('never');
    await submitNumber(page, '+44 7700 900404');
    await expect.poll(signedInHeading, { timeout: 15_000 }).toBe("You're signed up");
    await page.screenshot({ path: `${ARTIFACTS}/06-signed-up-fresh-sim.png`, fullPage: true });
  });

  it('when the SIM check cannot be done just now, says so and tries again with the same verification', async () => {
    await holdPhone('outage', '447700900405');
    await accountUsed('447700900405', 30);
    await openPage();
    await emulator('POST', '/_emulator/faults', { method: 'POST', path: '/sim_check/v0.1/checks', kind: 'status', status: 503, times: 1 });
    await submitNumber(page, '+44 7700 900405');
    await expect.poll(heading, { timeout: 15_000 }).toBe("We couldn't check your SIM card");
    expect(await body()).toMatch(/Nothing was used up/);
    const retry = page.getByTestId('sign-in-retry-button');
    await retry.waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/07-sim-check-unavailable.png`, fullPage: true });
    expect(await audit(page)).toEqual([]);
    await retry.click();
    await expect.poll(signedInHeading, { timeout: 15_000 }).toBe('Welcome back');
  });

  it('an operator that shares no SIM-change data: sign-in to the existing account is refused, in words', async () => {
    await emulator('PUT', '/_emulator/active-device', { device_id: 'no-sim-data' });
    await accountUsed('447700900006', 2);
    await openPage();
    await submitNumber(page, '+44 7700 900006');
    await expect.poll(heading, { timeout: 15_000 }).toBe("We can't check your SIM card");
    expect(await body()).toMatch(/didn't tell us whether this number's SIM card changed recently/);
    await page.screenshot({ path: `${ARTIFACTS}/08-operator-shares-no-sim-data.png`, fullPage: true });
    expect(await audit(page)).toEqual([]);
  });

  it('raised no page error along the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
