// The SIM check as the page runs it, fetched when the person sends the form or when the page comes back
// from the network (/?check=<id>, ?check_error=): start a check and hand the page to the check URL with
// the official SDK; later, read the outcome and sign up or in with it. The first screen (main.ts) does
// not need any of it, so it is a chunk of its own (on-demand.ts).
import { openCheckUrl } from '@tru_id/tru-sdk-web';
import type { User } from './api.js';
import { signInWithCheck } from './account.js';
import * as checkApi from './check-api.js';
import * as messages from './check-messages.js';
import type { LiveRegion } from './live-region.js';
import type { Notice } from './messages.js';
import { bindCheckToInteraction } from './oidc/pending-interaction.js';
import { forgetPendingNumber, rememberPendingNumber, takePendingNumber } from './pending-number.js';
import type { PhoneCheckDeps } from './phone-check-flow.js';
import { readPhoneCheckOutcome, startPhoneCheck } from './phone-check-flow.js';
import type { PhoneForm } from './phone-form.js';
import type { Reachability } from './reachability.js';
import type { SignInChoiceView } from './sign-in-choice-view.js';
import { asChosenDevice } from './simulated-device.js';
import { delay } from './dom.js';

/** What the check needs of the page around it (main.ts). */
export interface CheckPage {
  phoneForm: PhoneForm;
  live: LiveRegion;
  signInChoice: SignInChoiceView;
  showResult(notice: Notice, options: { focus: boolean; busy?: boolean }): void;
  hideResult(): void;
  showNotReachable(reachability: Exclude<Reachability, 'reachable'>): void;
  showSignedIn(user: User, notice: Notice): void;
  /** The ways in again after a check that did not sign in: the passkey button and, once reachable, the form. */
  offerWaysIn(): Promise<void>;
  /** The form comes back once reachability allows. */
  refreshConnection(): Promise<void>;
  /** The page's config said emulator mode (this window may be a simulated device of its own). */
  emulator(): Promise<boolean>;
  /** The check is for an application's sign-in (the OIDC interaction page). */
  forInteraction(): boolean;
  /** The check is for a computer's hand-off: the phone asks for its code instead of signing in. */
  finishHandoff(checkId: string): boolean;
}

function flowDeps(page: CheckPage): PhoneCheckDeps {
  return {
    createPhoneCheck: checkApi.createPhoneCheck,
    getPhoneCheck: checkApi.getPhoneCheck,
    // v0.2: the SDK first checks coverage against the check URL's origin, then navigates the page there.
    // On the emulator, as this window's own simulated device when it chose one (simulated-device.ts).
    openCheckUrl: async (checkUrl) => openCheckUrl((await page.emulator()) ? asChosenDevice(checkUrl) : checkUrl, { version: 'v0.2' }),
    rememberPendingNumber: (checkId, phoneNumber) => {
      rememberPendingNumber(checkId, phoneNumber);
      // The check leaves this page and comes back to /?check=<id>: remember which application it was for.
      if (page.forInteraction()) bindCheckToInteraction(checkId);
    },
    forgetPendingNumber,
    wait: delay,
  };
}

/** The form was sent: start the check, and leave for the check URL unless something is wrong. */
export async function startCheck(rawNumber: string, page: CheckPage): Promise<void> {
  const { phoneForm, live } = page;
  const outcome = await startPhoneCheck(rawNumber, flowDeps(page));
  switch (outcome.kind) {
    case 'navigating':
      // The page is on its way to the check URL; keep the busy state until it goes.
      return;
    case 'invalid-number':
      phoneForm.setBusy(false);
      phoneForm.showError(outcome.message);
      live.announce(outcome.message, 'assertive');
      phoneForm.focusInput();
      return;
    case 'not-reachable':
      phoneForm.setBusy(false);
      page.showNotReachable(outcome.reachability);
      return;
    case 'failed':
      phoneForm.setBusy(false);
      page.showResult(outcome.notice, { focus: true });
      return;
  }
}

/** Back at /?check=<id>: reads the outcome; a match signs up or in. */
export async function finishPhoneCheck(checkId: string, page: CheckPage): Promise<void> {
  const phoneNumber = takePendingNumber(checkId);
  if (phoneNumber !== null) page.phoneForm.value = phoneNumber;
  page.showResult(messages.check.checking, { focus: false, busy: true });
  const outcome = await readPhoneCheckOutcome(checkId, phoneNumber, flowDeps(page));
  // The verified number is for the computer: the phone asks for the code instead of signing in.
  if (outcome.verified && page.finishHandoff(checkId)) {
    page.hideResult();
    return;
  }
  if (outcome.verified) {
    page.showResult(outcome.notice, { focus: false, busy: true });
    if (await signInAndShow(checkId, {}, page)) return;
  } else {
    page.showResult(outcome.notice, { focus: true });
  }
  // Let the person try again (or with another number): the form comes back once reachability allows.
  await page.offerWaysIn();
}

/** Back at /?check_error=<code>: the network's redirect failed. Only our own words are shown, never the code. */
export async function showRedirectError(code: string, page: CheckPage): Promise<void> {
  forgetPendingNumber();
  page.showResult(messages.redirectError(code), { focus: true });
  await page.refreshConnection();
}

/** Signs in with the verified check and shows how it ended; a refusal may offer a next step. True once signed in. */
async function signInAndShow(checkId: string, options: { startNewAccount?: boolean }, page: CheckPage): Promise<boolean> {
  const signIn = await signInWithCheck(checkId, checkApi, options);
  if (signIn.kind === 'signed-in') {
    page.showSignedIn(signIn.user, signIn.notice);
    return true;
  }
  page.showResult(signIn.notice, { focus: true });
  if (signIn.choice) {
    page.signInChoice.offer(signIn.choice, (choice) => {
      page.showResult(choice === 'new-account' ? messages.simSwap.startingNewAccount : messages.simSwap.retrying, { focus: true, busy: true });
      void signInAndShow(checkId, { startNewAccount: choice === 'new-account' }, page);
    });
  }
  return false;
}
