// The interaction page (interaction-page.ts) with its elements (interaction-markup.ts) and its routes
// (oidc-api.ts), wired to the page: a chunk fetched only at /oidc/interaction/:uid (main.ts).
import { byId } from '../dom.js';
import { fillInteractionPage } from './interaction-markup.js';
import { createInteractionPage, type InteractionPage, type InteractionPageDeps } from './interaction-page.js';
import * as oidcApi from './oidc-api.js';

export function createInteractionPart(deps: Omit<InteractionPageDeps, 'api'>): InteractionPage {
  return createInteractionPage(fillInteractionPage(byId('oidc-context', HTMLElement), byId('oidc-consent', HTMLElement)), { api: oidcApi, ...deps });
}
