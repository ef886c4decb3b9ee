// What a person does on the Simpass page, by its data-testids, shared by the browser tests.
import type { Page } from 'playwright-core';

/** Waits until reachability said yes and the form can be used. */
export async function waitForForm(page: Page): Promise<void> {
  await page.getByTestId('submit-button').and(page.locator(':enabled')).waitFor();
}

/** Types a number and presses the button (once the form is usable). */
export async function submitNumber(page: Page, phoneNumber: string): Promise<void> {
  await waitForForm(page);
  await page.getByTestId('phone-input').fill(phoneNumber);
  await page.getByTestId('submit-button').click();
}

/** Picks a device in the simulation panel and waits until the switch is done (the page then starts over). */
export async function chooseSimulatedDevice(page: Page, deviceId: string): Promise<void> {
  await page.getByTestId(`simulation-device-${deviceId}`).check();
  await page.getByTestId('simulation-panel').and(page.locator(':not([aria-busy="true"])')).waitFor();
}

/** The text of an element, or null when it is hidden. */
export async function visibleText(page: Page, testId: string): Promise<string | null> {
  const element = page.getByTestId(testId);
  return (await element.isVisible()) ? element.textContent() : null;
}
