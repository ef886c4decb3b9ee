// The signed-in card: one state that says what just happened (signed up, welcome back, or simply signed
// in) as its own heading, who is signed in (the number as its owner writes it, from the server), and the
// Sign out button with its busy state and the error shown when signing out fails.
import type { User } from './api.js';
import * as messages from './check-messages.js';
import type { Notice } from './messages.js';

export interface SessionViewElements {
  root: HTMLElement;
  heading: HTMLElement;
  lede: HTMLElement;
  phone: HTMLElement;
  error: HTMLElement;
  signOut: HTMLButtonElement;
}

export interface SessionView {
  /** `notice`: how this session came about (messages.account.signedUp / welcomeBack / restored). */
  show(user: User, notice: Notice): void;
  hide(): void;
  /** Moves focus to the heading (tabindex="-1"). */
  focus(): void;
  setBusy(busy: boolean): void;
  showError(message: string): void;
  onSignOut(handler: () => void): void;
  readonly visible: boolean;
}

export function createSessionView(elements: SessionViewElements): SessionView {
  const { root, heading, lede, phone, error, signOut } = elements;
  let busy = false;

  const clearError = (): void => {
    error.hidden = true;
    error.textContent = '';
    signOut.removeAttribute('aria-describedby');
  };

  return {
    show(user, notice) {
      heading.textContent = notice.heading;
      lede.textContent = notice.body;
      phone.textContent = user.phoneNumber;
      clearError();
      root.hidden = false;
    },
    hide() {
      root.hidden = true;
      phone.textContent = '';
      clearError();
    },
    focus() {
      heading.focus();
    },
    setBusy(value) {
      busy = value;
      signOut.textContent = busy ? messages.account.signingOut : messages.account.signOut;
      // aria-disabled rather than disabled: a button disabled while focused drops focus to <body>.
      if (busy) {
        signOut.setAttribute('aria-disabled', 'true');
        signOut.setAttribute('aria-busy', 'true');
      } else {
        signOut.removeAttribute('aria-disabled');
        signOut.removeAttribute('aria-busy');
      }
    },
    showError(message) {
      error.textContent = message;
      error.hidden = false;
      // Read with the button when it is reached again.
      signOut.setAttribute('aria-describedby', error.id);
    },
    onSignOut(handler) {
      signOut.addEventListener('click', () => {
        if (busy) return;
        clearError();
        handler();
      });
    },
    get visible() {
      return !root.hidden;
    },
  };
}
