// The signed-in card's elements (signed-in-card.ts), made when its chunk arrives: index.html keeps only
// the empty card, so a first visit, which is signed out, does not carry them.
import { button, el } from './markup.js';
import type { ConnectedAppsElements } from './oidc/connected-apps.js';
import type { PasskeyManagerElements } from './passkeys/passkey-manager.js';
import type { SessionViewElements } from './session-view.js';

export interface SignedInCardElements {
  session: SessionViewElements;
  passkeys: PasskeyManagerElements;
  connectedApps: ConnectedAppsElements;
}

/** Fills the empty #signed-in card; returns the elements of its three parts. */
export function fillSignedInCard(root: HTMLElement): SignedInCardElements {
  const session: SessionViewElements = {
    root,
    heading: el('h2', { id: 'signed-in-heading', class: 'account__heading', tabindex: '-1', 'data-testid': 'signed-in-heading' }, "You're signed in"),
    lede: el('p', { id: 'signed-in-lede', class: 'account__lede', 'data-testid': 'signed-in-lede' }),
    phone: el('dd', { id: 'signed-in-phone', class: 'account__phone', 'data-testid': 'signed-in-phone' }),
    error: el('p', { id: 'sign-out-error', class: 'field__error', 'data-testid': 'sign-out-error', hidden: true }),
    signOut: button('sign-out-button', 'button--secondary', 'Sign out'),
  };
  const passkeys: PasskeyManagerElements = {
    root: el('section', { id: 'passkeys', class: 'passkeys', 'data-testid': 'passkeys', 'aria-labelledby': 'passkeys-heading', hidden: true }),
    offer: el('div', { id: 'passkey-offer', class: 'passkeys__offer', 'data-testid': 'passkey-offer', role: 'group', 'aria-labelledby': 'passkey-offer-heading', hidden: true }),
    offerAdd: button('passkey-offer-add', 'button--primary', 'Add a passkey'),
    offerDismiss: button('passkey-offer-dismiss', 'button--secondary', 'Not now'),
    list: el('ul', { id: 'passkeys-list', class: 'passkeys__list', 'data-testid': 'passkeys-list' }),
    empty: el('p', { id: 'passkeys-empty', class: 'passkeys__facts', 'data-testid': 'passkeys-empty' }, 'You have no passkeys yet.'),
    status: el('p', { id: 'passkeys-status', class: 'passkeys__status', 'data-testid': 'passkeys-status', hidden: true }),
    add: button('passkey-add', 'button--secondary', 'Add a passkey'),
  };
  const connectedApps: ConnectedAppsElements = {
    root: el('section', { id: 'connected-apps', class: 'connected-apps', 'data-testid': 'connected-apps', 'aria-labelledby': 'connected-apps-heading', hidden: true }),
    heading: el('h3', { id: 'connected-apps-heading', class: 'connected-apps__heading', tabindex: '-1' }, 'Connected applications'),
    list: el('ul', { id: 'connected-apps-list', class: 'connected-apps__list', 'data-testid': 'connected-apps-list' }),
    empty: el(
      'p',
      { id: 'connected-apps-empty', class: 'connected-apps__empty', 'data-testid': 'connected-apps-empty' },
      'No application can see your number. When you use “Sign in with Simpass” somewhere and allow it, it is listed here.',
    ),
    status: el('p', { id: 'connected-apps-status', class: 'connected-apps__status', 'data-testid': 'connected-apps-status', hidden: true }),
  };

  passkeys.offer.append(
    el('h3', { id: 'passkey-offer-heading', class: 'passkeys__heading' }, 'Sign in faster next time'),
    el(
      'p',
      { class: 'passkeys__facts' },
      'Add a passkey and sign in with your fingerprint, face or screen lock — on WiFi, abroad or on a computer. Your ' +
        'mobile network has just proven your number; the passkey is tied to this account.',
    ),
    el('div', { class: 'passkeys__actions' }, passkeys.offerAdd, passkeys.offerDismiss),
  );
  passkeys.root.append(
    passkeys.offer,
    el('h3', { id: 'passkeys-heading', class: 'passkeys__heading' }, 'Your passkeys'),
    passkeys.empty,
    passkeys.list,
    passkeys.status,
    passkeys.add,
  );
  connectedApps.root.append(connectedApps.heading, connectedApps.empty, connectedApps.list, connectedApps.status);
  root.replaceChildren(
    session.heading,
    session.lede,
    el('dl', { class: 'account__facts' }, el('dt', {}, 'Your phone number'), session.phone),
    passkeys.root,
    connectedApps.root,
    session.error,
    session.signOut,
  );
  return { session, passkeys, connectedApps };
}
