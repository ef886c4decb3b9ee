// Signing in with a passkey from the first screen. Two ways in, one ceremony each:
// - the browser's autofill (conditional mediation): started on page load when the browser supports it;
//   the phone-number field (autocomplete="username webauthn") then lists this site's passkeys;
// - the "Sign in with a passkey" button: the browser's own sheet, which on a computer also offers a
//   passkey on a phone nearby (its cross-device flow).
// The button lives outside the SIM form, so it is there on WiFi, with an operator that is not covered,
// and on a computer — exactly where the SIM check cannot run.
import type { AuthenticationResponseJSON } from '@simplewebauthn/browser';
import { ApiError, type User } from '../api.js';
import type { LiveRegion } from '../live-region.js';
import type { Notice } from '../messages.js';
import { createPasskeyAssertion } from './passkey-assertion.js';
import * as passkeyApi from './passkey-sign-in-api.js';
import { passkeySignInMessages as passkeyMessages } from './passkey-sign-in-messages.js';

export interface PasskeySignInElements {
  root: HTMLElement;
  button: HTMLButtonElement;
  error: HTMLElement;
}

export interface PasskeySignIn {
  /** Shows the button (where passkeys work) and starts the autofill ceremony. */
  start(): void;
  /** Hides it and ends any ceremony under way (signed in another way). */
  stop(): void;
}

/** The person closed the sheet, or it timed out, or another ceremony replaced this one: nothing to say. */
function quietEnd(error: unknown): 'cancelled' | 'aborted' | null {
  if (!(error instanceof Error)) return null;
  if (error.name === 'AbortError' || ('code' in error && error.code === 'ERROR_CEREMONY_ABORTED')) return 'aborted';
  if (error.name === 'NotAllowedError' || (error.cause instanceof Error && error.cause.name === 'NotAllowedError')) return 'cancelled';
  return null;
}

export function createPasskeySignIn(
  elements: PasskeySignInElements,
  deps: { live: LiveRegion; onSignedIn(user: User, notice: Notice): void },
): PasskeySignIn {
  const { root, button, error } = elements;
  const assertion = createPasskeyAssertion();
  let busy = false;
  let active = false;

  const setBusy = (value: boolean): void => {
    busy = value;
    if (value) {
      button.setAttribute('aria-disabled', 'true');
      button.setAttribute('aria-busy', 'true');
    } else {
      button.removeAttribute('aria-disabled');
      button.removeAttribute('aria-busy');
    }
  };
  const showError = (message: string): void => {
    error.textContent = message;
    error.hidden = false;
    button.setAttribute('aria-describedby', error.id);
    deps.live.announce(message, 'assertive');
  };
  const clearError = (): void => {
    error.hidden = true;
    error.textContent = '';
    button.removeAttribute('aria-describedby');
  };

  async function finish(credential: AuthenticationResponseJSON): Promise<void> {
    setBusy(true);
    deps.live.announce(passkeyMessages.signingIn, 'polite');
    try {
      const { user, message } = await passkeyApi.signIn(credential);
      active = false;
      deps.onSignedIn(user, passkeyMessages.signedIn(message));
    } catch (failure) {
      showError(failure instanceof ApiError && failure.problem?.detail ? failure.problem.detail : passkeyMessages.failed);
      void autofill();
    } finally {
      setBusy(false);
    }
  }

  async function autofill(): Promise<void> {
    if (!active || !(await assertion.autofillAvailable())) return;
    try {
      const optionsJSON = await passkeyApi.signInOptions();
      if (!active) return;
      const credential = await assertion.get(optionsJSON, { autofill: true });
      await finish(credential);
    } catch {
      // Replaced by the button's ceremony, or no answer for the options: the button still works.
    }
  }

  button.addEventListener('click', () => {
    if (busy) return;
    clearError();
    setBusy(true);
    void (async () => {
      let credential: AuthenticationResponseJSON;
      try {
        const optionsJSON = await passkeyApi.signInOptions();
        // Starting this ceremony ends the autofill one (one WebAuthn request at a time).
        credential = await assertion.get(optionsJSON, { autofill: false });
      } catch (failure) {
        setBusy(false);
        const end = quietEnd(failure);
        if (end === 'cancelled') showError(passkeyMessages.cancelled);
        else if (end === null) showError(failure instanceof ApiError && failure.problem?.detail ? failure.problem.detail : passkeyMessages.failed);
        void autofill();
        return;
      }
      await finish(credential);
    })();
  });

  return {
    start() {
      if (!assertion.supported()) {
        root.hidden = true;
        return;
      }
      root.hidden = false;
      clearError();
      if (active) return;
      active = true;
      void autofill();
    },
    stop() {
      active = false;
      root.hidden = true;
      clearError();
      assertion.abort();
    },
  };
}
