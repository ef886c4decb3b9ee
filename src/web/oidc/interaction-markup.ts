// The interaction page's elements (interaction-page.ts): "Sign in to continue to <app>" and the consent
// card, made when its chunk arrives. index.html keeps only their empty sections, so no other visit
// carries them.
import { button, el } from '../markup.js';
import type { InteractionPageElements } from './interaction-page.js';

/** Fills the empty #oidc-context notice and #oidc-consent card; returns their elements. */
export function fillInteractionPage(context: HTMLElement, consent: HTMLElement): InteractionPageElements {
  const elements: InteractionPageElements = {
    context,
    contextHeading: el('h2', { id: 'oidc-context-heading', class: 'notice__heading', tabindex: '-1', 'data-testid': 'oidc-context-heading' }),
    contextBody: el('p', { id: 'oidc-context-body', class: 'notice__body', 'data-testid': 'oidc-context-body' }),
    consent,
    consentHeading: el('h2', { id: 'oidc-consent-heading', class: 'consent__heading', tabindex: '-1', 'data-testid': 'oidc-consent-heading' }),
    consentScopes: el('ul', { id: 'oidc-consent-scopes', class: 'consent__scopes', 'data-testid': 'oidc-consent-scopes' }),
    consentAccount: el('p', { id: 'oidc-consent-account', class: 'consent__facts', 'data-testid': 'oidc-consent-account' }),
    allow: button('oidc-allow-button', 'button--primary', 'Allow'),
    deny: button('oidc-deny-button', 'button--secondary', 'Deny'),
    consentError: el('p', { id: 'oidc-consent-error', class: 'field__error', 'data-testid': 'oidc-consent-error', hidden: true }),
  };
  context.replaceChildren(elements.contextHeading, elements.contextBody);
  consent.replaceChildren(
    elements.consentHeading,
    elements.consentScopes,
    elements.consentAccount,
    el('div', { class: 'consent__actions' }, elements.allow, elements.deny),
    elements.consentError,
  );
  return elements;
}
