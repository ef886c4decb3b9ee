// The interaction page's elements (interaction-page.ts): "Sign in to continue to <app>" and the consent
// card, made when its chunk arrives. index.html keeps only their empty sections, so no other visit
// carries them.
import { button, el } from '../markup.js';

/** Fills the empty #oidc-context notice. */
export function fillInteractionContext(context: HTMLElement): void {
  context.replaceChildren(
    el('h2', { id: 'oidc-context-heading', class: 'notice__heading', tabindex: '-1', 'data-testid': 'oidc-context-heading' }),
    el('p', { id: 'oidc-context-body', class: 'notice__body', 'data-testid': 'oidc-context-body' }),
  );
}

/** Fills the empty #oidc-consent card. */
export function fillConsent(consent: HTMLElement): void {
  consent.replaceChildren(
    el('h2', { id: 'oidc-consent-heading', class: 'consent__heading', tabindex: '-1', 'data-testid': 'oidc-consent-heading' }),
    el('ul', { id: 'oidc-consent-scopes', class: 'consent__scopes', 'data-testid': 'oidc-consent-scopes' }),
    el('p', { id: 'oidc-consent-account', class: 'consent__facts', 'data-testid': 'oidc-consent-account' }),
    el('div', { class: 'consent__actions' }, button('oidc-allow-button', 'button--primary', 'Allow'), button('oidc-deny-button', 'button--secondary', 'Deny')),
    el('p', { id: 'oidc-consent-error', class: 'field__error', 'data-testid': 'oidc-consent-error', hidden: true }),
  );
}
