// Wiring: finds the page's elements, then runs the journey — an existing session shows the signed-in
// card; a check the network just brought us back from (/?check=<id>) is read and, on a match, signs in;
// otherwise the form is enabled once reachability says 200, and asked again whenever the connection
// changes (WiFi off, back online) or the person presses "Check again".
import { openCheckUrl } from '@tru_id/tru-sdk-web';
import type { AccountDeps } from './account.js';
import { currentUser, endSession, signInWithCheck } from './account.js';
import * as api from './api.js';
import type { AppConfig, User } from './api.js';
import { onConnectionChange } from './connection-changes.js';
import { onDemand } from './on-demand.js';
import { createPasskeySignIn } from './passkeys/passkey-sign-in.js';
import { looksLikeComputer, thisDevice } from './device-kind.js';
import { byId, delay } from './dom.js';
import * as handoffApi from './handoff/handoff-api.js';
import { createPhoneHandoff, takeHandoffLink } from './handoff/phone-handoff.js';
import { createLiveRegion } from './live-region.js';
import type { InteractionPage } from './oidc/interaction-page.js';
import { bindCheckToInteraction, interactionForCheck, interactionUidFromPath } from './oidc/pending-interaction.js';
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
import { createSignInChoiceView } from './sign-in-choice-view.js';
import { asChosenDevice, rememberDevice, withChosenDevice } from './simulated-device.js';
import './styles.css';

const live = createLiveRegion(byId('live-status', HTMLElement), byId('live-alert', HTMLElement));

const result = createNoticeView(byId('result', HTMLElement), byId('result-heading', HTMLElement), byId('result-body', HTMLElement));
const connection = createNoticeView(
  byId('connection', HTMLElement),
  byId('connection-heading', HTMLElement),
  byId('connection-body', HTMLElement),
);
const signInChoice = createSignInChoiceView({
  root: byId('result-choice', HTMLElement),
  newAccount: byId('new-account-button', HTMLButtonElement),
  retry: byId('sign-in-retry-button', HTMLButtonElement),
});
const journey = byId('journey', HTMLElement);
const handoffOffer = byId('handoff-offer', HTMLElement);
const checkAgainButton = byId('check-again-button', HTMLButtonElement);

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
  lede: byId('signed-in-lede', HTMLElement),
  phone: byId('signed-in-phone', HTMLElement),
  error: byId('sign-out-error', HTMLElement),
  signOut: byId('sign-out-button', HTMLButtonElement),
});

// Hand-off: a desktop signs in with a phone (src/web/handoff/). The computer's side is fetched when
// the person asks for a hand-off (on-demand.ts).
const desktopHandoff = onDemand(async () =>
  (await import('./handoff/desktop-handoff.js')).createDesktopHandoff(
    {
      root: byId('handoff-desktop', HTMLElement),
      heading: byId('handoff-desktop-heading', HTMLElement),
      details: byId('handoff-details', HTMLElement),
      qr: byId('handoff-qr', HTMLImageElement),
      link: byId('handoff-link', HTMLElement),
      code: byId('handoff-code', HTMLElement),
      status: byId('handoff-status', HTMLElement),
      cancel: byId('handoff-cancel-button', HTMLButtonElement),
      restart: byId('handoff-restart-button', HTMLButtonElement),
    },
    {
      ...handoffApi,
      EventSource: typeof EventSource === 'function' ? EventSource : undefined,
      live,
      showNotice: (notice, options) => showResult(notice, options),
      hideNotice: () => result.hide(),
      onSignedIn: (user, notice) => showSignedIn(user, notice, { focus: true }),
      onClosed: () => {
        journey.hidden = false;
        void refreshConnection({ announceReady: false, focus: false });
      },
    },
  ),
);

/** In a hand-off, once the number is verified (or the hand-off ended), the form has nothing more to do on this phone. */
function endJourneyOnThisPhone(): void {
  connectionRun += 1;
  setFormAvailable(false);
  journey.hidden = true;
}

const phoneHandoff = createPhoneHandoff(
  {
    root: byId('handoff-phone', HTMLElement),
    heading: byId('handoff-phone-heading', HTMLElement),
    where: byId('handoff-phone-where', HTMLElement),
    step: byId('handoff-phone-step', HTMLElement),
    choices: byId('handoff-phone-choices', HTMLFieldSetElement),
    codes: byId('handoff-phone-codes', HTMLElement),
  },
  {
    ...handoffApi,
    live,
    showNotice: (notice, options) => showResult(notice, options),
    hideNotice: () => result.hide(),
    offerChoice: (choice, onChoose) => signInChoice.offer(choice, onChoose),
    choosing: (choice) => (choice === 'new-account' ? messages.simSwap.startingNewAccount : messages.simSwap.retrying),
    onFinished: endJourneyOnThisPhone,
    onVerified: endJourneyOnThisPhone,
  },
);

byId('handoff-start-button', HTMLButtonElement).addEventListener('click', () => {
  // A number typed above goes with the hand-off: the phone must then prove that one.
  const typed = phoneForm.usable ? phoneForm.value.trim() : '';
  journey.hidden = true;
  result.hide();
  void desktopHandoff.use((handoff) => handoff.start(typed === '' ? null : typed));
});

// The signed-in card's passkeys, fetched when a card is first shown (on-demand.ts).
const passkeyManager = onDemand(async () =>
  (await import('./passkeys/passkey-manager.js')).createPasskeyManager(
    {
      root: byId('passkeys', HTMLElement),
      offer: byId('passkey-offer', HTMLElement),
      offerAdd: byId('passkey-offer-add', HTMLButtonElement),
      offerDismiss: byId('passkey-offer-dismiss', HTMLButtonElement),
      list: byId('passkeys-list', HTMLUListElement),
      empty: byId('passkeys-empty', HTMLElement),
      status: byId('passkeys-status', HTMLElement),
      add: byId('passkey-add', HTMLButtonElement),
    },
    { live },
  ),
);

const passkeySignIn = createPasskeySignIn(
  {
    root: byId('passkey-sign-in', HTMLElement),
    button: byId('passkey-sign-in-button', HTMLButtonElement),
    error: byId('passkey-sign-in-error', HTMLElement),
  },
  { live, onSignedIn: (user, notice) => showSignedIn(user, notice, { focus: true }) },
);

// "Sign in with Simpass" (src/web/oidc/): the page at /oidc/interaction/:uid, and the signed-in card's
// connected applications, each fetched when first needed (on-demand.ts).
const connectedApps = onDemand(async () =>
  (await import('./oidc/connected-apps.js')).createConnectedApps(
    {
      root: byId('connected-apps', HTMLElement),
      heading: byId('connected-apps-heading', HTMLElement),
      list: byId('connected-apps-list', HTMLUListElement),
      empty: byId('connected-apps-empty', HTMLElement),
      status: byId('connected-apps-status', HTMLElement),
    },
    { live },
  ),
);

/** Made only on the interaction page (openInteraction): no other visit fetches its code. */
let interactionPage: InteractionPage | null = null;

async function openInteraction(uid: string): Promise<'sign-in' | 'handled'> {
  const [{ createInteractionPage }, oidcApi] = await Promise.all([import('./oidc/interaction-page.js'), import('./oidc/oidc-api.js')]);
  interactionPage = createInteractionPage(
    {
      context: byId('oidc-context', HTMLElement),
      contextHeading: byId('oidc-context-heading', HTMLElement),
      contextBody: byId('oidc-context-body', HTMLElement),
      consent: byId('oidc-consent', HTMLElement),
      consentHeading: byId('oidc-consent-heading', HTMLElement),
      consentScopes: byId('oidc-consent-scopes', HTMLUListElement),
      consentAccount: byId('oidc-consent-account', HTMLElement),
      allow: byId('oidc-allow-button', HTMLButtonElement),
      deny: byId('oidc-deny-button', HTMLButtonElement),
      consentError: byId('oidc-consent-error', HTMLElement),
    },
    {
      api: oidcApi,
      currentNumber: async () => (await currentUser(accountDeps))?.phoneNumber ?? null,
      live,
      showNotice: (notice, options) => showResult(notice, options),
      hideNotice: () => result.hide(),
      hideSignIn: () => {
        connectionRun += 1; // a reachability run still under way must not bring the form back
        setFormAvailable(false);
        journey.hidden = true;
        passkeySignIn.stop();
      },
      navigate: (url) => window.location.assign(url),
    },
  );
  return interactionPage.open(uid);
}

const flowDeps: PhoneCheckDeps = {
  createPhoneCheck: api.createPhoneCheck,
  getPhoneCheck: api.getPhoneCheck,
  // v0.2: the SDK first checks coverage against the check URL's origin, then navigates the page there.
  // On the emulator, as this window's own simulated device when it chose one (simulated-device.ts).
  openCheckUrl: async (checkUrl) => {
    const config = await loadConfig();
    return openCheckUrl(config?.emulator ? asChosenDevice(checkUrl) : checkUrl, { version: 'v0.2' });
  },
  rememberPendingNumber: (checkId, phoneNumber) => {
    rememberPendingNumber(checkId, phoneNumber);
    // The check leaves this page and comes back to /?check=<id>: remember which application it was for.
    if (interactionPage?.active) bindCheckToInteraction(checkId);
  },
  forgetPendingNumber,
  wait: delay,
};

const accountDeps: AccountDeps = { getMe: api.getMe, signIn: api.signIn, signOut: api.signOut };

let configLoad: Promise<AppConfig | null> | null = null;
/** true while this phone is the phone of a desktop's hand-off. */
let inPhoneHandoff = false;
/** true while the page reads the outcome of a check it came back with, and signs in with it. */
let finishingCheck = false;

function announce(notice: Notice): void {
  live.announce(spoken(notice), notice.tone === 'error' ? 'assertive' : 'polite');
}

function showResult(notice: Notice, options: { focus: boolean; busy?: boolean }): void {
  // A next step offered with an earlier result (a new account, try again) does not belong to this one.
  signInChoice.clear();
  result.show(notice, { busy: options.busy ?? false });
  announce(notice);
  if (options.focus) result.focus();
}

/** What the page knows about this device's connection: reachability's answer, or what it tells without asking. */
type ConnectionState = Reachability | 'offline' | 'computer';

const connectionNotices: Record<Exclude<ConnectionState, 'reachable'>, () => Notice> = {
  'not-mobile': () => messages.connection.notMobile,
  'unsupported-operator': () => messages.connection.unsupportedOperator,
  unavailable: () => messages.connection.unavailable,
  offline: () => messages.connection.offline,
  computer: () => messages.connection.desktop(window.location.origin),
};

/** What setFormAvailable last said, for a simulation panel whose code arrives later. */
let formAvailable = false;
/** The form and the panel's "Use this number" go together: nothing offers to fill a form that cannot be sent. */
function setFormAvailable(available: boolean): void {
  formAvailable = available;
  phoneForm.setAvailable(available);
  simulationPanel.ifStarted((panel) => panel.offerUseNumber(available));
}

function setCheckingAgain(checking: boolean): void {
  // aria-disabled rather than disabled: a button disabled while focused drops focus to <body>.
  if (checking) checkAgainButton.setAttribute('aria-disabled', 'true');
  else checkAgainButton.removeAttribute('aria-disabled');
}

/** Shows what the connection means for the form: enabled when reachable, else why not and what to do.
 *  `focus`: move focus to the field (reachable) or to the explanation (anything else). */
function showConnection(state: ConnectionState, options: { announceReady: boolean; focus: boolean }): void {
  setCheckingAgain(false);
  // A computer cannot become a phone by checking again, nor use the form; every other state can change.
  checkAgainButton.hidden = state === 'reachable' || state === 'computer';
  phoneForm.setShown(state !== 'computer');
  // A computer, or a device on WiFi, may hand the check over to a phone — not a phone already in a hand-off.
  handoffOffer.hidden = !(state === 'computer' || state === 'not-mobile' || looksLikeComputer(thisDevice())) || inPhoneHandoff;
  if (state === 'reachable') {
    connection.hide();
    setFormAvailable(true);
    if (options.announceReady) live.announce(messages.connection.ready, 'polite');
    if (options.focus) phoneForm.focusInput();
    return;
  }
  setFormAvailable(false);
  const notice = connectionNotices[state]();
  connection.show(notice);
  announce(notice);
  if (options.focus) connection.focus();
}

// The simulation panel: emulator mode only, fetched when the config says so (on-demand.ts).
const simulationPanel = onDemand(async () => {
  const [{ createSimChangeControl }, { createSimulationPanel }] = await Promise.all([import('./sim-change-control.js'), import('./simulation-panel.js')]);
  const simChangeControl = createSimChangeControl(
    { select: byId('simulation-sim-change', HTMLSelectElement), error: byId('simulation-sim-change-error', HTMLElement) },
    { setSimChange: async (deviceId, minutesAgo) => withChosenDevice(await api.setSimChange(deviceId, minutesAgo)), live, now: () => Date.now() },
  );

  const panel = createSimulationPanel(
    {
      root: byId('simulation', HTMLElement),
      devices: byId('simulation-devices', HTMLFieldSetElement),
      facts: byId('simulation-facts', HTMLElement),
      useNumber: byId('simulation-use-number', HTMLButtonElement),
      error: byId('simulation-error', HTMLElement),
    },
    {
      getSimulation: async () => withChosenDevice(await api.getSimulation()),
      setActiveDevice: async (deviceId) => {
        rememberDevice(deviceId);
        return withChosenDevice(await api.setActiveDevice(deviceId));
      },
      live,
      onDeviceChanged: () => {
        // A session belongs to this browser, not to the simulated phone: signed in stays signed in.
        if (sessionView.visible) return;
        // Another phone, a fresh start: the previous result and number were the previous phone's.
        result.hide();
        phoneForm.value = '';
        phoneForm.clearError();
        // The chosen device keeps focus; the connection notice and the live region tell what changed.
        void refreshConnection({ announceReady: true, focus: false });
      },
      onUseNumber: (phoneNumber) => {
        phoneForm.value = phoneNumber;
        phoneForm.clearError();
        live.announce(messages.simulation.numberUsed(phoneNumber), 'polite');
        if (phoneForm.usable) phoneForm.focusInput();
      },
      onRender: (simulation) => simChangeControl.render(simulation),
    },
  );
    panel.offerUseNumber(formAvailable);
    return panel;
  });

  /** The config, read once (and again after a failure); in emulator mode it also brings up the simulation panel. */
  function loadConfig(): Promise<AppConfig | null> {
    configLoad ??= api.getConfig().then(
      (config) => {
        if (config.emulator) void simulationPanel.use((panel) => panel.load());
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

/** Works out whether this device can be verified: offline, a computer (live mode), or tru.ID's reachability
 *  answer through the SDK. The typed number stays in the field throughout. */
async function refreshConnection(options: { announceReady: boolean; focus: boolean }): Promise<void> {
  // Only the latest run may write to the page (the connection can change again meanwhile).
  const run = ++connectionRun;
  const settle = (state: ConnectionState): void => {
    if (run === connectionRun) showConnection(state, options);
  };
  setFormAvailable(false);
  setCheckingAgain(true);
  connection.show(messages.connection.checking, { busy: true });

  if (!navigator.onLine) return settle('offline');
  const config = await loadConfig();
  if (config === null) return settle('unavailable');
  // On the emulator a computer is the developer's way to try every outcome, so only live mode says "use a phone".
  if (!config.emulator && looksLikeComputer(thisDevice())) return settle('computer');
  settle(await checkReachability(config.emulator ? asChosenDevice(config.truIdApiBaseUrl) : config.truIdApiBaseUrl));
}

/** The signed-in card replaces the form (and the connection notice inside its card) and any result above it. */
function showSignedIn(user: User, notice: Notice, options: { focus: boolean }): void {
  if (interactionPage?.active) {
    // Signed in for an application: go on with its sign-in instead of showing the card here.
    void interactionPage.signedIn().then((continuing) => {
      if (!continuing) showSignInAgain();
    });
    return;
  }
  connectionRun += 1; // a reachability run still under way must not write to the page any more
  setFormAvailable(false);
  result.hide();
  journey.hidden = true;
  phoneForm.value = '';
  phoneForm.clearError();
  sessionView.show(user, notice);
  passkeySignIn.stop();
  void passkeyManager.use((manager) => manager.show());
  void connectedApps.use((apps) => apps.show());
  announce(notice);
  if (options.focus) sessionView.focus();
}

/** Signing in for an application did not take (not recent enough after all): the ways in again. */
function showSignInAgain(): void {
  journey.hidden = false;
  passkeySignIn.start();
  void refreshConnection({ announceReady: false, focus: false });
}

/** Back from the network (/?check= or ?check_error=) with a check started for an application: its page again. */
function resumeInteraction(checkId: string | null, checkError: string | null): string | null {
  if (checkId === null && checkError === null) return null;
  const pending = interactionForCheck(checkId);
  if (pending === null) return null;
  history.replaceState(history.state, '', `/oidc/interaction/${encodeURIComponent(pending.uid)}`);
  return pending.uid;
}

function showSignedOut(): void {
  sessionView.hide();
  passkeyManager.ifStarted((manager) => manager.hide());
  connectedApps.ifStarted((apps) => apps.hide());
  passkeySignIn.start();
  phoneForm.value = '';
  phoneForm.clearError();
  journey.hidden = false;
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

/** On the emulator, the network may have changed behind the panel's back (the admin API): show it as it is. */
function rereadSimulatedPhone(): void {
  if (!navigator.onLine) return;
  void loadConfig().then((config) => {
    if (config?.emulator) void simulationPanel.use((panel) => panel.load());
  });
}

checkAgainButton.addEventListener('click', () => {
  if (checkAgainButton.getAttribute('aria-disabled') === 'true') return;
  rereadSimulatedPhone();
  void refreshConnection({ announceReady: true, focus: true });
});

onConnectionChange(() => {
  // Only while the form is what the page is about: not signed in, not reading a check's outcome, not on
  // the way to the check URL. Focus stays where the person left it; the notice and live region tell.
  if (sessionView.visible || finishingCheck || phoneForm.busy) return;
  rereadSimulatedPhone();
  void refreshConnection({ announceReady: true, focus: false });
});

phoneForm.onSubmit((rawNumber) => {
  phoneForm.clearError();
  signInChoice.clear();
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
        showConnection(outcome.reachability, { announceReady: false, focus: true });
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
  finishingCheck = true;
  const phoneNumber = takePendingNumber(checkId);
  if (phoneNumber !== null) phoneForm.value = phoneNumber;
  showResult(messages.check.checking, { focus: false, busy: true });
  const outcome = await readPhoneCheckOutcome(checkId, phoneNumber, flowDeps);
  if (outcome.verified && inPhoneHandoff) {
    // The verified number is for the computer: the phone asks for the code instead of signing in.
    result.hide();
    phoneHandoff.finish(checkId);
    finishingCheck = false;
    return;
  }
  if (outcome.verified) {
    showResult(outcome.notice, { focus: false, busy: true });
    if (await signInAndShow(checkId, {})) {
      finishingCheck = false;
      return;
    }
  } else {
    showResult(outcome.notice, { focus: true });
  }
  finishingCheck = false;
  passkeySignIn.start();
  // Let the person try again (or with another number): the form comes back once reachability allows.
  await refreshConnection({ announceReady: false, focus: false });
}

/** Signs in with the verified check and shows how it ended; a refusal may offer a next step. True once signed in. */
async function signInAndShow(checkId: string, options: { startNewAccount?: boolean }): Promise<boolean> {
  const signIn = await signInWithCheck(checkId, accountDeps, options);
  if (signIn.kind === 'signed-in') {
    showSignedIn(signIn.user, signIn.notice, { focus: true });
    return true;
  }
  showResult(signIn.notice, { focus: true });
  if (signIn.choice) {
    signInChoice.offer(signIn.choice, (choice) => {
      showResult(choice === 'new-account' ? messages.simSwap.startingNewAccount : messages.simSwap.retrying, { focus: true, busy: true });
      void signInAndShow(checkId, { startNewAccount: choice === 'new-account' });
    });
  }
  return false;
}

// A hand-off link pasted into a tab that already shows the page changes only the fragment (no load):
// start over, so the link is opened like any other.
window.addEventListener('hashchange', () => {
  if (window.location.hash.startsWith('#handoff=')) window.location.reload();
});

async function start(): Promise<void> {
  const checkId = takeCheckIdFromUrl();
  const handoffLink = takeHandoffLink();
  const checkError = takeCheckErrorFromUrl();
  // The config is wanted on every path (the simulation panel shows in emulator mode, signed in or not).
  void loadConfig();
  // Sign in with Simpass for another application: its interaction decides whether the ways in are needed.
  const interactionUid = handoffLink === null ? (interactionUidFromPath(window.location.pathname) ?? resumeInteraction(checkId, checkError)) : null;
  if (interactionUid !== null && (await openInteraction(interactionUid)) === 'handled') return;
  const handoff = handoffLink !== null ? await phoneHandoff.open(handoffLink) : await phoneHandoff.resume({ returningFromCheck: checkId !== null });
  inPhoneHandoff = handoff === 'active';
  // Back from a check for a hand-off that ended meanwhile: it was for the computer, so this phone is not signed in.
  if (handoff === 'ended' && handoffLink === null) return;
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

  // In a hand-off the check is for the computer: the phone's own session does not matter here.
  // For an application the interaction said this session is not enough: the ways in, not the card.
  const user = inPhoneHandoff || interactionPage?.active ? null : await currentUser(accountDeps);
  if (user !== null) {
    showSignedIn(user, messages.account.restored, { focus: false });
    return;
  }
  passkeySignIn.start();
  await refreshConnection({ announceReady: true, focus: false });
}

void start();
