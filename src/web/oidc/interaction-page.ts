// The page at /oidc/interaction/:uid, where the OpenID Connect provider sends a person who is signing
// in to another application with Simpass. It asks the server what the provider wants:
// - a sign-in (none yet, or not fresh enough for the application): "Sign in to continue to <app>" above
//   the page's own ways in (SIM check, passkey, hand-off — main.ts runs them as usual); once the person is
//   signed in on this page, it tells the provider so and follows it;
// - a consent: the application by name *and* by where its answer goes ("<name> at <host>"), so an
//   application calling itself by another's name is visible; what it learns per scope; Allow or Deny.
// Every refusal is said in words; the expired request names the application to go back to.
import { ApiError } from '../api.js';
import type { LiveRegion } from '../live-region.js';
import type { Notice } from '../messages.js';
import type * as oidcApi from './oidc-api.js';
import type { Interaction } from './oidc-api.js';
import { applicationAt, oidcMessages, scopeMeaning } from './oidc-messages.js';
import { applicationNameFor, forgetInteraction, rememberInteraction } from './pending-interaction.js';
import './oidc.css';

export interface InteractionPageElements {
  /** "Sign in to continue to <app>", above the ways in. */
  context: HTMLElement;
  contextHeading: HTMLElement;
  contextBody: HTMLElement;
  consent: HTMLElement;
  consentHeading: HTMLElement;
  consentScopes: HTMLUListElement;
  consentAccount: HTMLElement;
  allow: HTMLButtonElement;
  deny: HTMLButtonElement;
  consentError: HTMLElement;
}

export interface InteractionPageDeps {
  api: Pick<typeof oidcApi, 'getInteraction' | 'signInToInteraction' | 'allow' | 'deny'>;
  /** The signed-in number, to say whose number is shared; null when it cannot be told. */
  currentNumber(): Promise<string | null>;
  live: LiveRegion;
  /** The page's result area (shown and announced). */
  showNotice(notice: Notice, options: { focus: boolean; busy?: boolean }): void;
  hideNotice(): void;
  /** Hides the ways in (SIM form, passkey, hand-off) while this page shows something else. */
  hideSignIn(): void;
  navigate(url: string): void;
}

/** What main.ts does next: run the ways in, or nothing (this page took over). */
export type InteractionStart = 'sign-in' | 'handled';

export interface InteractionPage {
  open(uid: string): Promise<InteractionStart>;
  /** The person signed in on this page: continue the application's sign-in. false: they must sign in again (said on the page). */
  signedIn(): Promise<boolean>;
  /** true while the page serves an interaction (main.ts then hands it every sign-in). */
  readonly active: boolean;
}

/** Only a web address may be followed; the server names the provider's own resume URL. */
function safeTarget(url: string): string | null {
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

const expiredOrUnknown = (error: unknown): boolean => error instanceof ApiError && (error.status === 404 || error.status === 410);

export function createInteractionPage(elements: InteractionPageElements, deps: InteractionPageDeps): InteractionPage {
  let interaction: Interaction | null = null;
  let uid: string | null = null;
  let answering = false;

  const application = (): string => (interaction ? applicationAt(interaction.client.name, interaction.client.redirectHost) : 'the application');

  const showExpired = (): void => {
    const name = interaction?.client.name ?? (uid === null ? null : applicationNameFor(uid));
    interaction = null;
    forgetInteraction();
    elements.context.hidden = true;
    elements.consent.hidden = true;
    deps.hideSignIn();
    deps.showNotice(oidcMessages.expired(name), { focus: true });
  };

  const follow = (url: string): void => {
    const target = safeTarget(url);
    if (target === null) {
      deps.showNotice(oidcMessages.failed, { focus: true });
      return;
    }
    deps.navigate(target);
  };

  const setAnswering = (value: boolean, pressed: HTMLButtonElement | null): void => {
    answering = value;
    for (const button of [elements.allow, elements.deny]) {
      // aria-disabled rather than disabled: a button disabled while focused drops focus to <body>.
      if (value) button.setAttribute('aria-disabled', 'true');
      else button.removeAttribute('aria-disabled');
      button.removeAttribute('aria-busy');
    }
    if (value && pressed) pressed.setAttribute('aria-busy', 'true');
  };

  const showConsent = (current: Interaction): void => {
    deps.hideSignIn();
    deps.hideNotice();
    elements.context.hidden = true;
    elements.consentHeading.textContent = oidcMessages.consentHeading(application());
    elements.consentScopes.replaceChildren(
      ...current.scopes.map((scope) => {
        const item = document.createElement('li');
        item.className = 'consent__scope';
        item.dataset.testid = `consent-scope-${scope}`;
        item.textContent = scopeMeaning(scope);
        return item;
      }),
    );
    elements.consentError.hidden = true;
    elements.consentAccount.textContent = '';
    elements.consent.hidden = false;
    setAnswering(false, null);
    elements.consentHeading.focus();
    deps.live.announce(`${elements.consentHeading.textContent} ${current.scopes.map(scopeMeaning).join('; ')}.`, 'polite');
    void deps.currentNumber().then((number) => {
      if (number !== null) elements.consentAccount.textContent = `Signed in with ${number}. You can remove this access at any time from Simpass.`;
    });
  };

  const answer = async (pressed: HTMLButtonElement, call: (uid: string) => Promise<string>, progress: string): Promise<void> => {
    if (answering || uid === null) return;
    setAnswering(true, pressed);
    elements.consentError.hidden = true;
    deps.live.announce(progress, 'polite');
    let redirectTo: string;
    try {
      redirectTo = await call(uid);
    } catch (error) {
      setAnswering(false, null);
      if (expiredOrUnknown(error)) {
        showExpired();
        return;
      }
      const words = error instanceof ApiError && error.problem?.detail ? error.problem.detail : oidcMessages.failed.body;
      elements.consentError.textContent = words;
      elements.consentError.hidden = false;
      deps.live.announce(words, 'assertive');
      pressed.focus();
      return;
    }
    forgetInteraction();
    follow(redirectTo);
  };

  elements.allow.addEventListener('click', () => void answer(elements.allow, deps.api.allow, oidcMessages.allowing));
  elements.deny.addEventListener('click', () => void answer(elements.deny, deps.api.deny, oidcMessages.denying));

  /** Signed in (already, or just now on this page) and fresh enough: tell the provider and follow it. */
  const continueSignedIn = async (): Promise<void> => {
    if (uid === null) return;
    elements.context.hidden = true;
    deps.hideSignIn();
    deps.showNotice(oidcMessages.continuing(application()), { focus: false, busy: true });
    let redirectTo: string;
    try {
      redirectTo = await deps.api.signInToInteraction(uid);
    } catch (error) {
      if (expiredOrUnknown(error)) {
        showExpired();
        return;
      }
      if (error instanceof ApiError && error.problem?.type === '/problems/oidc-interaction-wrong-step') {
        // Answered already (another tab, a reload): ask the provider where this request stands now.
        deps.navigate(window.location.pathname);
        return;
      }
      if (error instanceof ApiError && (error.status === 401 || error.status === 409)) {
        // Not signed in after all, or not recently enough for this application: prove it again.
        elements.context.hidden = false;
        deps.showNotice(oidcMessages.notFresh(application()), { focus: true });
        throw error;
      }
      deps.showNotice(error instanceof ApiError && error.problem?.detail ? { ...oidcMessages.failed, body: error.problem.detail } : oidcMessages.failed, { focus: true });
      return;
    }
    forgetInteraction();
    follow(redirectTo);
  };

  return {
    async open(requested) {
      uid = requested;
      interaction = null;
      rememberInteraction(requested, null);
      try {
        interaction = await deps.api.getInteraction(requested);
      } catch (error) {
        if (expiredOrUnknown(error)) showExpired();
        else deps.showNotice(oidcMessages.failed, { focus: true });
        return 'handled';
      }
      rememberInteraction(requested, interaction.client.name);
      document.title = `Sign in to ${interaction.client.name} — Simpass`;
      if (interaction.prompt === 'consent' && interaction.session.signedIn) {
        showConsent(interaction);
        return 'handled';
      }
      if (interaction.session.signedIn && interaction.session.freshEnough) {
        try {
          await continueSignedIn();
          return 'handled';
        } catch {
          return 'sign-in';
        }
      }
      const notice = interaction.session.signedIn ? oidcMessages.signInAgainFor(application()) : oidcMessages.signInFor(application());
      elements.contextHeading.textContent = notice.heading;
      elements.contextBody.textContent = notice.body;
      elements.context.hidden = false;
      deps.live.announce(`${notice.heading}. ${notice.body}`, 'polite');
      return 'sign-in';
    },
    async signedIn() {
      try {
        await continueSignedIn();
        return true;
      } catch {
        return false; // said on the page (notFresh); main.ts shows the ways in again
      }
    },
    get active() {
      return interaction !== null;
    },
  };
}
