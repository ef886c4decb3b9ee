// Wiring: finds the page's elements, then runs the journey — an existing session shows the signed-in
// card; a check the network just brought us back from (/?check=<id>) is read and, on a match, signs in;
// otherwise the form is enabled once reachability says 200, and asked again whenever the connection
// changes (WiFi off, back online) or the person presses "Check again".
//
// This module and what it imports statically are the first load (issue 18: ≤ 12 KiB compressed with the
// HTML and CSS): only what the first screen needs. Every later step is a chunk fetched when it starts
// (on-demand.ts): the check (check-journey.ts), the signed-in card (signed-in-card.ts), the hand-off's
// two sides, the interaction page, the simulation panel.
import * as api from './api.js';
import type { AppConfig, User } from './api.js';
import type { CheckPage } from './check-journey.js';
import { onConnectionChange } from './connection-changes.js';
import { looksLikeComputer, thisDevice } from './device-kind.js';
import { byId } from './dom.js';
import { phoneHandoffAnswer, takeHandoffLink } from './handoff/handoff-link.js';
import type { PhoneHandoffStatus, PhoneHandoffView } from './handoff/phone-handoff.js';
import { createLiveRegion } from './live-region.js';
import * as messages from './messages.js';
import type { Notice } from './messages.js';
import { createNoticeView, spoken } from './notice-view.js';
import type { InteractionPage } from './oidc/interaction-page.js';
import { interactionUidFromPath } from './oidc/interaction-path.js';
import { onDemand } from './on-demand.js';
import { createPasskeySignIn } from './passkeys/passkey-sign-in.js';
import { createPhoneForm } from './phone-form.js';
import type { Reachability } from './reachability.js';
import { checkReachability } from './reachability.js';
import { createSignInChoiceView } from './sign-in-choice-view.js';
import { asChosenDevice } from './simulated-device.js';
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

// The SIM check's code, fetched when the form is sent or the page comes back from the network.
const checkJourney = onDemand(() => import('./check-journey.js'));

// The signed-in card, fetched when a card is first shown.
const signedInCard = onDemand(async () =>
  (await import('./signed-in-card.js')).createSignedInCard({
    live,
    announce,
    onSignedOut: (notice) => {
      showSignedOut();
      // The button is gone: focus goes to the news. The form comes back once reachability allows.
      showResult(notice, { focus: true });
      void refreshConnection({ announceReady: false, focus: false });
    },
  }),
);
/** Whether the signed-in card is what the page shows (its code may still be on its way). */
let signedIn = false;

// Hand-off: a desktop signs in with a phone (src/web/handoff/). The computer's side is fetched when
// the person asks for a hand-off.
const desktopHandoff = onDemand(async () =>
  (await import('./handoff/desktop-handoff-part.js')).createDesktopHandoffPart({
    live,
    showNotice: (notice, options) => showResult(notice, options),
    hideNotice: () => result.hide(),
    onSignedIn: (user, notice) => showSignedIn(user, notice, { focus: true }),
    onClosed: () => {
      journey.hidden = false;
      void refreshConnection({ announceReady: false, focus: false });
    },
  }),
);

/** In a hand-off, once the number is verified (or the hand-off ended), the form has nothing more to do on this phone. */
function endJourneyOnThisPhone(): void {
  connectionRun += 1;
  setFormAvailable(false);
  journey.hidden = true;
}

// The phone's side of a hand-off, fetched only on a phone that opened a hand-off link or is in a hand-off.
let phoneHandoff: PhoneHandoffView | null = null;
/** `known`: GET /api/handoff/phone's answer, already asked on the first load (resumePhoneHandoff). */
async function openPhoneHandoff(known?: { status: number; body: unknown }): Promise<PhoneHandoffView> {
  phoneHandoff = (await import('./handoff/phone-handoff-part.js')).createPhoneHandoffPart(
    {
      live,
      showNotice: (notice, options) => showResult(notice, options),
      hideNotice: () => result.hide(),
      offerChoice: (choice, onChoose) => signInChoice.offer(choice, onChoose),
      onFinished: endJourneyOnThisPhone,
      onVerified: endJourneyOnThisPhone,
    },
    known,
  );
  return phoneHandoff;
}

/** Back from the check URL (or a reload): is this phone still in a hand-off? Asked of the server first,
 *  so a phone in none fetches none of the hand-off's code. */
async function resumePhoneHandoff(returningFromCheck: boolean): Promise<PhoneHandoffStatus> {
  let answer: Awaited<ReturnType<typeof phoneHandoffAnswer>>;
  try {
    answer = await phoneHandoffAnswer();
  } catch {
    return 'none';
  }
  if (answer === null) return 'none';
  return (await openPhoneHandoff(answer)).resume({ returningFromCheck });
}

byId('handoff-start-button', HTMLButtonElement).addEventListener('click', () => {
  // A number typed above goes with the hand-off: the phone must then prove that one.
  const typed = phoneForm.usable ? phoneForm.value.trim() : '';
  journey.hidden = true;
  result.hide();
  void desktopHandoff.use((handoff) => handoff.start(typed === '' ? null : typed));
});

const passkeySignIn = createPasskeySignIn(
  {
    root: byId('passkey-sign-in', HTMLElement),
    button: byId('passkey-sign-in-button', HTMLButtonElement),
    error: byId('passkey-sign-in-error', HTMLElement),
  },
  { live, onSignedIn: (user, notice) => showSignedIn(user, notice, { focus: true }) },
);

// "Sign in with Simpass" (src/web/oidc/): the page at /oidc/interaction/:uid, fetched only there.
/** Made only on the interaction page (openInteraction): no other visit fetches its code. */
let interactionPage: InteractionPage | null = null;

async function openInteraction(uid: string): Promise<'sign-in' | 'handled'> {
  interactionPage = (await import('./oidc/interaction-part.js')).createInteractionPart({
    currentNumber: async () => (await currentUser())?.phoneNumber ?? null,
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
  });
  return interactionPage.open(uid);
}

/** The signed-in user, or null. A server that cannot say counts as signed out: the normal journey runs. */
async function currentUser(): Promise<User | null> {
  try {
    return await api.getMe();
  } catch {
    return null;
  }
}

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

// The simulation panel: emulator mode only, fetched when the config says so.
const simulationPanel = onDemand(async () =>
  (await import('./simulation-part.js')).createSimulationPart({
    live,
    phoneForm,
    signedIn: () => signedIn,
    hideResult: () => result.hide(),
    refreshConnection: () => void refreshConnection({ announceReady: true, focus: false }),
    formAvailable: () => formAvailable,
  }),
);

/** Emulator mode: the simulation panel's first load (its chunk, then the simulated phones), once started. */
let simulationShown: Promise<void> = Promise.resolve();

/** The config, read once (and again after a failure); in emulator mode it also brings up the simulation panel. */
function loadConfig(): Promise<AppConfig | null> {
  configLoad ??= api.getConfig().then(
    (config) => {
      // A panel that cannot come (its chunk not fetched) must not hold the form back: it says so itself when it can.
      if (config.emulator) simulationShown = simulationPanel.use((panel) => panel.load()).catch(() => undefined);
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
 *  answer. The typed number stays in the field throughout. */
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
  const reachability = checkReachability(config.emulator ? asChosenDevice(config.truIdApiBaseUrl) : config.truIdApiBaseUrl);
  // On the emulator the panel says which phone this browser is: it is there before the form asks for a number.
  if (config.emulator) await simulationShown;
  settle(await reachability);
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
  signedIn = true;
  setFormAvailable(false);
  result.hide();
  journey.hidden = true;
  phoneForm.value = '';
  phoneForm.clearError();
  passkeySignIn.stop();
  void signedInCard.use((card) => {
    // Signed out again while the card's code was on its way: nothing to show.
    if (signedIn) card.show(user, notice, options);
  });
}

/** Signing in for an application did not take (not recent enough after all): the ways in again. */
function showSignInAgain(): void {
  journey.hidden = false;
  passkeySignIn.start();
  void refreshConnection({ announceReady: false, focus: false });
}

/** Back from the network (/?check= or ?check_error=) with a check started for an application: its page again. */
async function resumeInteraction(checkId: string | null, checkError: string | null): Promise<string | null> {
  if (checkId === null && checkError === null) return null;
  const pending = (await import('./oidc/pending-interaction.js')).interactionForCheck(checkId);
  if (pending === null) return null;
  history.replaceState(history.state, '', `/oidc/interaction/${encodeURIComponent(pending.uid)}`);
  return pending.uid;
}

function showSignedOut(): void {
  signedIn = false;
  signedInCard.ifStarted((card) => card.hide());
  passkeySignIn.start();
  phoneForm.value = '';
  phoneForm.clearError();
  journey.hidden = false;
}

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
  if (signedIn || finishingCheck || phoneForm.busy) return;
  rereadSimulatedPhone();
  void refreshConnection({ announceReady: true, focus: false });
});

/** What the check's chunk needs of this page. */
const checkPage: CheckPage = {
  phoneForm,
  live,
  signInChoice,
  showResult,
  hideResult: () => result.hide(),
  showNotReachable: (reachability) => showConnection(reachability, { announceReady: false, focus: true }),
  showSignedIn: (user, notice) => showSignedIn(user, notice, { focus: true }),
  offerWaysIn: async () => {
    finishingCheck = false;
    passkeySignIn.start();
    await refreshConnection({ announceReady: false, focus: false });
  },
  refreshConnection: () => refreshConnection({ announceReady: false, focus: false }),
  emulator: async () => (await loadConfig())?.emulator === true,
  forInteraction: () => interactionPage?.active === true,
  finishHandoff: (checkId) => {
    if (!inPhoneHandoff || phoneHandoff === null) return false;
    phoneHandoff.finish(checkId);
    return true;
  },
};

phoneForm.onSubmit((rawNumber) => {
  phoneForm.clearError();
  signInChoice.clear();
  result.hide();
  phoneForm.setBusy(true);
  live.announce(messages.form.verifying, 'polite');
  void checkJourney
    .use((check) => check.startCheck(rawNumber, checkPage))
    .catch(() => {
      // The check's code could not be fetched (offline, a new deployment): nothing started.
      phoneForm.setBusy(false);
      showResult(messages.checkUnavailable, { focus: true });
    });
});

// Back from the check URL with the Back button, the page may come from the back/forward cache still busy.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) phoneForm.setBusy(false);
});

/** Takes `?name=` out of the address bar (a reload must not re-read a finished check) and returns it. */
function takeFromUrl(name: 'check' | 'check_error'): string | null {
  const url = new URL(window.location.href);
  const value = url.searchParams.get(name);
  if (value === null) return null;
  url.searchParams.delete(name);
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return value;
}

// A hand-off link pasted into a tab that already shows the page changes only the fragment (no load):
// start over, so the link is opened like any other.
window.addEventListener('hashchange', () => {
  if (window.location.hash.startsWith('#handoff=')) window.location.reload();
});

async function start(): Promise<void> {
  const checkParam = takeFromUrl('check');
  const checkId = checkParam === null || checkParam.trim() === '' ? null : checkParam;
  const handoffLink = takeHandoffLink();
  const checkError = takeFromUrl('check_error');
  // The config is wanted on every path (the simulation panel shows in emulator mode, signed in or not).
  void loadConfig();
  // Sign in with Simpass for another application: its interaction decides whether the ways in are needed.
  const interactionUid = handoffLink === null ? (interactionUidFromPath(window.location.pathname) ?? (await resumeInteraction(checkId, checkError))) : null;
  if (interactionUid !== null && (await openInteraction(interactionUid)) === 'handled') return;
  const handoff =
    handoffLink !== null ? await (await openPhoneHandoff()).open(handoffLink) : await resumePhoneHandoff(checkId !== null);
  inPhoneHandoff = handoff === 'active';
  // Back from a check for a hand-off that ended meanwhile: it was for the computer, so this phone is not signed in.
  if (handoff === 'ended' && handoffLink === null) return;
  if (checkId !== null) {
    finishingCheck = true;
    try {
      await checkJourney.use((check) => check.finishPhoneCheck(checkId, checkPage));
    } finally {
      finishingCheck = false;
    }
    return;
  }
  if (checkError !== null) {
    await checkJourney.use((check) => check.showRedirectError(checkError, checkPage));
    return;
  }

  // In a hand-off the check is for the computer: the phone's own session does not matter here.
  // For an application the interaction said this session is not enough: the ways in, not the card.
  const user = inPhoneHandoff || interactionPage?.active ? null : await currentUser();
  if (user !== null) {
    showSignedIn(user, messages.restored, { focus: false });
    return;
  }
  passkeySignIn.start();
  await refreshConnection({ announceReady: true, focus: false });
}

void start();
