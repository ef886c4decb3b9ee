// The interaction page (interaction-page.ts) with its elements (interaction-markup.ts) and its routes
// (oidc-api.ts), wired to the page: a chunk fetched only at /oidc/interaction/:uid (main.ts).
import { byId } from '../dom.js';
import { fillConsent, fillInteractionContext } from './interaction-markup.js';
import { createInteractionPage, type InteractionPage, type InteractionPageDeps } from './interaction-page.js';
import * as oidcApi from './oidc-api.js';

export function createInteractionPart(deps: Omit<InteractionPageDeps, 'api'>): InteractionPage {
  const context = byId('oidc-context', HTMLElement);
  const consent = byId('oidc-consent', HTMLElement);
  fillInteractionContext(context);
  fillConsent(consent);
  return createInteractionPage(
    {
      context,
      contextHeading: byId('oidc-context-heading', HTMLElement),
      contextBody: byId('oidc-context-body', HTMLElement),
      consent,
      consentHeading: byId('oidc-consent-heading', HTMLElement),
      consentScopes: byId('oidc-consent-scopes', HTMLUListElement),
      consentAccount: byId('oidc-consent-account', HTMLElement),
      allow: byId('oidc-allow-button', HTMLButtonElement),
      deny: byId('oidc-deny-button', HTMLButtonElement),
      consentError: byId('oidc-consent-error', HTMLElement),
    },
    { api: oidcApi, ...deps },
  );
}
