// The signed-in card with everything in it: who is signed in and Sign out (session-view.ts), the
// passkeys (passkeys/passkey-manager.ts) and the connected applications (oidc/connected-apps.ts). A chunk
// of its own, fetched the first time a card is shown (on-demand.ts): a first visit is signed out.
import { endSession } from './account.js';
import type { User } from './api.js';
import * as messages from './check-messages.js';
import { byId } from './dom.js';
import type { LiveRegion } from './live-region.js';
import type { Notice } from './messages.js';
import { createConnectedApps } from './oidc/connected-apps.js';
import { createPasskeyManager } from './passkeys/passkey-manager.js';
import { signOut } from './session-api.js';
import { createSessionView } from './session-view.js';
import { fillSignedInCard } from './signed-in-markup.js';
import './signed-in-card.css';

export interface SignedInCard {
  show(user: User, notice: Notice, options: { focus: boolean }): void;
  hide(): void;
}

export interface SignedInCardDeps {
  live: LiveRegion;
  /** Says a notice in the live region, as the page's other notices are. */
  announce(notice: Notice): void;
  /** The session has ended on the server: the page shows `notice` and the ways in again. */
  onSignedOut(notice: Notice): void;
}

export function createSignedInCard(deps: SignedInCardDeps): SignedInCard {
  const { live } = deps;
  fillSignedInCard(byId('signed-in', HTMLElement));
  const sessionView = createSessionView({
    root: byId('signed-in', HTMLElement),
    heading: byId('signed-in-heading', HTMLElement),
    lede: byId('signed-in-lede', HTMLElement),
    phone: byId('signed-in-phone', HTMLElement),
    error: byId('sign-out-error', HTMLElement),
    signOut: byId('sign-out-button', HTMLButtonElement),
  });
  const passkeyManager = createPasskeyManager(
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
  );
  const connectedApps = createConnectedApps(
    {
      root: byId('connected-apps', HTMLElement),
      heading: byId('connected-apps-heading', HTMLElement),
      list: byId('connected-apps-list', HTMLUListElement),
      empty: byId('connected-apps-empty', HTMLElement),
      status: byId('connected-apps-status', HTMLElement),
    },
    { live },
  );

  sessionView.onSignOut(() => {
    sessionView.setBusy(true);
    void endSession({ signOut }).then((signedOut) => {
      sessionView.setBusy(false);
      if (!signedOut) {
        // The Sign out button keeps focus; the words are next to it and in the alert region.
        sessionView.showError(messages.account.signOutFailed);
        live.announce(messages.account.signOutFailed, 'assertive');
        return;
      }
      sessionView.hide();
      passkeyManager.hide();
      connectedApps.hide();
      deps.onSignedOut(messages.account.signedOut);
    });
  });

  return {
    show(user, notice, { focus }) {
      sessionView.show(user, notice);
      void passkeyManager.show();
      void connectedApps.show();
      deps.announce(notice);
      if (focus) sessionView.focus();
    },
    hide() {
      sessionView.hide();
      passkeyManager.hide();
      connectedApps.hide();
    },
  };
}
