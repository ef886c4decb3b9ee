// Wiring: finds the page's elements, then runs the journey — an existing session shows the signed-in
// view; a check the network just brought us back from (/?check=<id>) is read and, on a match, signs in;
// otherwise the form is enabled once reachability says 200.
import { openCheckUrl } from '@tru_id/tru-sdk-web';
import type { AccountDeps } from './account.js';
import { currentUser, endSession, signInWithCheck } from './account.js';
import * as api from './api.js';
import type { AppConfig, User } from './api.js';
import { byId, delay } from './dom.js';
import { createLiveRegion } from './live-region.js';
import * as messages from './messages.js';
import type { Notice } from './messages.js';
import { createNoticeView, spoken } from './notice-view.js';
import { forgetPendingNumber, rememberPendingNumber, takePendingNumber } from './pending-number.js';
import type { PhoneCheckDeps } from './phone-check-flow.js';
import { readPhoneCheckOutcome, startPhoneCheck } from './phone-check-flow.js';
import { createPhoneForm } from './phone-form.js';
import type { Reachability } from './reachability.js';
import { checkReachability } from './reachability.js';
import { createSessionView } from './session-view.js';
import { createSimulationPanel } from './simulation-panel.js';
import './styles.css';

const live = createLiveRegion(byId('live-status', HTMLElement), byId('live-alert', HTMLElement));

const result = createNoticeView(byId('result', HTMLElement), byId('result-heading', HTMLElement), byId('result-body', HTMLElement));
const connection = createNoticeView(
  byId('connection', HTMLElement),
  byId('connection-heading', HTMLElement),
  byId('connection-body', HTMLElement),
);
const journey = byId('journey', HTMLElement);
const reloadButton = byId('reload-button', HTMLButtonElement);
const retryButton = byId('retry-button', HTMLButtonElement);

const phoneForm = createPhoneForm({
  form: byId('phone-form', HTMLFormElement),
  input: byId('phone-input', HTMLInputElement),
  hint: byId('phone-hint', HTMLElement),
  error: byId('phone-error', HTMLElement),
  submit: byId('submit-button', HTMLButtonElement),
  submitLabel: byId('submit-label', HTMLElement),
  spinner: byId('submit-spinner', HTMLElement),
});

const sessionView = createSessionView({
  root: byId('signed-in', HTMLElement),
  heading: byId('signed-in-heading', HTMLElement),
  phone: byId('signed-in-phone', HTMLElement),
  error: byId('sign-out-error', HTMLElement),
  signOut: byId('sign-out-button', HTMLButtonElement),
});

const flowDeps: PhoneCheckDeps = {
  createPhoneCheck: api.createPhoneCheck,
  getPhoneCheck: api.getPhoneCheck,
  // v0.2: the SDK first checks coverage against the check URL's origin, then navigates the page there.
  openCheckUrl: (checkUrl) => openCheckUrl(checkUrl, { version: 'v0.2' }),
  rememberPendingNumber,
  forgetPendingNumber,
  wait: delay,
};

const accountDeps: AccountDeps = { getMe: api.getMe, signIn: api.signIn, signOut: api.signOut };

let configLoad: Promise<AppConfig | null> | null = null;

function announce(notice: Notice): void {
  live.announce(spoken(notice), notice.tone === 'error' ? 'assertive' : 'polite');
}

function showResult(notice: Notice, options: { focus: boolean; busy?: boolean }): void {
  result.show(notice, { busy: options.busy ?? false });
  announce(notice);
  if (options.focus) result.focus();
}

const reachabilityNotices: Record<Exclude<Reachability, 'reachable'>, Notice> = {
  'not-mobile': messages.connection.notMobile,
  'unsupported-operator': messages.connection.unsupportedOperator,
  unavailable: messages.connection.unavailable,
};

/** Shows what reachability means for the form: enabled on 200, else why not and what to do.
 *  `focus`: move focus to the field (200) or to the explanation (anything else). */
function showReachability(reachability: Reachability, options: { announceReady: boolean; focus: boolean }): void {
  reloadButton.hidden = reachability !== 'not-mobile';
  retryButton.hidden = reachability !== 'unavailable';
  if (reachability === 'reachable') {
    connection.hide();
    phoneForm.setAvailable(true);
    if (options.announceReady) live.announce(messages.connection.ready, 'polite');
    if (options.focus) phoneForm.focusInput();
    return;
  }
  phoneForm.setAvailable(false);
  const notice = reachabilityNotices[reachability];
  connection.show(notice);
  announce(notice);
  if (options.focus) connection.focus();
}

const simulationPanel = createSimulationPanel(
  {
    root: byId('simulation', HTMLElement),
    select: byId('simulation-device', HTMLSelectElement),
    number: byId('simulation-number', HTMLElement),
    connection: byId('simulation-connection', HTMLElement),
    useNumber: byId('simulation-use-number', HTMLButtonElement),
    error: byId('simulation-error', HTMLElement),
  },
  {
    getSimulation: api.getSimulation,
    setActiveDevice: api.setActiveDevice,
    live,
    onDeviceChanged: () => {
      // Signed in, the form is not shown: nothing to re-check.
      if (sessionView.visible) return;
      // The select keeps focus; the connection notice and the live region tell what changed.
      void refreshConnection({ announceReady: true, focus: false });
    },
    onUseNumber: (phoneNumber) => {
      phoneForm.value = phoneNumber;
      phoneForm.clearError();
      live.announce(messages.simulation.numberUsed(phoneNumber), 'polite');
      if (phoneForm.usable) phoneForm.focusInput();
    },
  },
);

/** The config, read once (and again after a failure); in emulator mode it also brings up the simulation panel. */
function loadConfig(): Promise<AppConfig | null> {
  configLoad ??= api.getConfig().then(
    (config) => {
      if (config.emulator) void simulationPanel.load();
      return config;
    },
    () => {
      configLoad = null;
      return null;
    },
  );
  return configLoad;
}

let connectionRun = 0;

/** Reads the config if not yet known, then asks tru.ID (through the SDK) whether this device can be verified. */
async function refreshConnection(options: { announceReady: boolean; focus: boolean }): Promise<void> {
  // Only the latest run may write to the page (the simulated device can be switched again meanwhile).
  const run = ++connectionRun;
  phoneForm.setAvailable(false);
  reloadButton.hidden = true;
  retryButton.hidden = true;
  connection.show(messages.connection.checking, { busy: true });

  const config = await loadConfig();
  if (config === null) {
    if (run === connectionRun) showReachability('unavailable', options);
    return;
  }
  const reachability = await checkReachability(config.truIdApiBaseUrl);
  if (run === connectionRun) showReachability(reachability, options);
}

/** The signed-in view replaces the form (and the connection notice inside its card). */
function showSignedIn(user: User): void {
  connectionRun += 1; // a reachability run still under way must not write to the page any more
  phoneForm.setAvailable(false);
  journey.hidden = true;
  simulationPanel.offerUseNumber(false);
  sessionView.show(user);
}

function showSignedOut(): void {
  sessionView.hide();
  journey.hidden = false;
  simulationPanel.offerUseNumber(true);
}

sessionView.onSignOut(() => {
  sessionView.setBusy(true);
  void endSession(accountDeps).then((signedOut) => {
    sessionView.setBusy(false);
    if (!signedOut) {
      // The Sign out button keeps focus; the words are next to it and in the alert region.
      sessionView.showError(messages.account.signOutFailed);
      live.announce(messages.account.signOutFailed, 'assertive');
      return;
    }
    showSignedOut();
    // The button is gone: focus goes to the news. The form comes back once reachability allows.
    showResult(messages.account.signedOut, { focus: true });
    void refreshConnection({ announceReady: false, focus: false });
  });
});

reloadButton.addEventListener('click', () => {
  window.location.reload();
});

retryButton.addEventListener('click', () => {
  void refreshConnection({ announceReady: true, focus: true });
});

phoneForm.onSubmit((rawNumber) => {
  phoneForm.clearError();
  result.hide();
  phoneForm.setBusy(true);
  live.announce(messages.form.verifying, 'polite');
  void startPhoneCheck(rawNumber, flowDeps).then((outcome) => {
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
        showReachability(outcome.reachability, { announceReady: false, focus: true });
        return;
      case 'failed':
        phoneForm.setBusy(false);
        showResult(outcome.notice, { focus: true });
        return;
    }
  });
});

// Back from the check URL with the Back button, the page may come from the back/forward cache still busy.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) phoneForm.setBusy(false);
});

/** Takes ?check=<id> out of the address bar (a reload must not re-read a finished check) and returns it. */
function takeCheckIdFromUrl(): string | null {
  const url = new URL(window.location.href);
  const checkId = url.searchParams.get('check');
  if (checkId === null) return null;
  url.searchParams.delete('check');
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return checkId.trim() === '' ? null : checkId;
}

/** Takes ?check_error=<code> (the redirect failed) out of the address bar and returns it. */
function takeCheckErrorFromUrl(): string | null {
  const url = new URL(window.location.href);
  const code = url.searchParams.get('check_error');
  if (code === null) return null;
  url.searchParams.delete('check_error');
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return code;
}

/** Back at /?check=<id>: reads the outcome; a match signs up or in. */
async function finishPhoneCheck(checkId: string): Promise<void> {
  const phoneNumber = takePendingNumber(checkId);
  if (phoneNumber !== null) phoneForm.value = phoneNumber;
  showResult(messages.check.checking, { focus: false, busy: true });
  const outcome = await readPhoneCheckOutcome(checkId, phoneNumber, flowDeps);
  if (outcome.verified) {
    showResult(outcome.notice, { focus: false, busy: true });
    const signIn = await signInWithCheck(checkId, accountDeps);
    if (signIn.kind === 'signed-in') showSignedIn(signIn.user);
    showResult(signIn.notice, { focus: true });
    if (signIn.kind === 'signed-in') return;
  } else {
    showResult(outcome.notice, { focus: true });
  }
  // Let the person try again (or with another number): the form comes back once reachability allows.
  await refreshConnection({ announceReady: false, focus: false });
}

async function start(): Promise<void> {
  const checkId = takeCheckIdFromUrl();
  const checkError = takeCheckErrorFromUrl();
  // The config is wanted on every path (the simulation panel shows in emulator mode, signed in or not).
  void loadConfig();
  if (checkId !== null) {
    await finishPhoneCheck(checkId);
    return;
  }
  if (checkError !== null) {
    forgetPendingNumber();
    showResult(messages.redirectError(checkError), { focus: true });
    await refreshConnection({ announceReady: false, focus: false });
    return;
  }

  const user = await currentUser(accountDeps);
  if (user !== null) {
    showSignedIn(user);
    live.announce(messages.account.restored, 'polite');
    return;
  }
  await refreshConnection({ announceReady: true, focus: false });
}

void start();
