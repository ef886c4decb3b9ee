// The desktop side of the hand-off: "Use your phone" shows a QR code, the same link as text and the
// match code; progress comes live (handoff-updates.ts) and is announced; once the phone confirmed,
// this browser collects its session. Cancel ends the hand-off on the server (the phone is told);
// Start again makes a new link.
import { ApiError, type User } from '../api.js';
import type { LiveRegion } from '../live-region.js';
import * as messages from '../check-messages.js';
import type { Notice } from '../messages.js';
import type { DesktopHandoff, StartedHandoff } from './handoff-api.js';
import * as words from './handoff-messages.js';
import './handoff.css';
import { followHandoff, type UpdateDeps } from './handoff-updates.js';

export interface DesktopHandoffElements {
  root: HTMLElement;
  heading: HTMLElement;
  details: HTMLElement;
  qr: HTMLImageElement;
  link: HTMLElement;
  code: HTMLElement;
  status: HTMLElement;
  cancel: HTMLButtonElement;
  restart: HTMLButtonElement;
}

export interface DesktopHandoffDeps extends UpdateDeps {
  startHandoff(phoneNumber: string | null): Promise<StartedHandoff>;
  cancelHandoff(): Promise<void>;
  claimHandoff(): Promise<{ user: User; created: boolean; message: string | undefined }>;
  live: LiveRegion;
  /** Shows (and announces) a notice in the page's result area. */
  showNotice(notice: Notice, options: { focus: boolean }): void;
  hideNotice(): void;
  onSignedIn(user: User, notice: Notice): void;
  /** The person cancelled: the normal journey comes back. */
  onClosed(): void;
}

export interface DesktopHandoffView {
  start(phoneNumber: string | null): Promise<void>;
  readonly visible: boolean;
}

export function createDesktopHandoff(elements: DesktopHandoffElements, deps: DesktopHandoffDeps): DesktopHandoffView {
  let stopUpdates: (() => void) | null = null;
  let phoneNumber: string | null = null;

  const setStatus = (text: string, tone: 'polite' | 'assertive' = 'polite'): void => {
    elements.status.textContent = text;
    deps.live.announce(text, tone);
  };

  const showEnded = (notice: Notice): void => {
    stopUpdates?.();
    elements.details.hidden = true;
    elements.qr.removeAttribute('src');
    elements.status.textContent = '';
    elements.restart.hidden = false;
    deps.showNotice(notice, { focus: true });
  };

  const onState = (handoff: DesktopHandoff): void => {
    switch (handoff.state) {
      case 'waiting':
        return;
      case 'opened':
        setStatus(words.desktop.opened(handoff.matchCode));
        return;
      case 'approved':
        setStatus(words.desktop.approved);
        void claim();
        return;
      case 'signed_in':
        return;
      default:
        showEnded(words.desktop.ended(handoff.message));
    }
  };

  const claim = async (): Promise<void> => {
    try {
      const signedIn = await deps.claimHandoff();
      stopUpdates?.();
      elements.root.hidden = true;
      deps.onSignedIn(
        signedIn.user,
        signedIn.created ? messages.account.signedUp(signedIn.message) : messages.account.welcomeBack(signedIn.message),
      );
    } catch (error) {
      showEnded(words.desktop.claimFailed(error instanceof ApiError ? error.problem?.detail : undefined));
    }
  };

  const start = async (number: string | null): Promise<void> => {
    phoneNumber = number;
    stopUpdates?.();
    deps.hideNotice();
    elements.root.hidden = false;
    elements.details.hidden = true;
    elements.restart.hidden = true;
    elements.cancel.hidden = false;
    elements.status.textContent = words.desktop.starting;
    elements.root.setAttribute('aria-busy', 'true');
    elements.heading.focus();
    let started: StartedHandoff;
    try {
      started = await deps.startHandoff(number);
    } catch (error) {
      elements.root.removeAttribute('aria-busy');
      const problem = error instanceof ApiError ? error : null;
      showEnded(
        problem?.status === 429
          ? messages.check.tooManyAttempts(problem.problem?.detail, problem.retryAfterSeconds)
          : problem?.status === 400 && problem.problem?.detail
            ? words.desktop.claimFailed(problem.problem.detail)
            : words.desktop.startFailed,
      );
      return;
    }
    elements.root.removeAttribute('aria-busy');
    elements.qr.src = started.qrCode;
    elements.link.textContent = started.link;
    elements.code.textContent = started.matchCode;
    elements.code.setAttribute('aria-label', words.desktop.spokenCode(started.matchCode));
    elements.details.hidden = false;
    elements.status.textContent = words.desktop.waiting(started.expiresAt);
    deps.live.announce(words.desktop.ready(started.matchCode), 'polite');
    stopUpdates = followHandoff(deps, onState);
  };

  elements.cancel.addEventListener('click', () => {
    stopUpdates?.();
    elements.root.hidden = true;
    deps.live.announce(words.desktop.cancelled, 'polite');
    // Told to the server after the page changed: a failure leaves a link that expires in minutes anyway.
    void deps.cancelHandoff().catch(() => undefined);
    deps.onClosed();
  });
  elements.restart.addEventListener('click', () => {
    void start(phoneNumber);
  });

  return {
    start,
    get visible() {
      return !elements.root.hidden;
    },
  };
}
