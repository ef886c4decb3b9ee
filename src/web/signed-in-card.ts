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
  const elements = fillSignedInCard(byId('signed-in', HTMLElement));
  const sessionView = createSessionView(elements.session);
  const passkeyManager = createPasskeyManager(elements.passkeys, { live });
  const connectedApps = createConnectedApps(elements.connectedApps, { live });

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
