// The computer's side of the hand-off (desktop-handoff.ts) with its elements (desktop-handoff-markup.ts)
// and its routes (handoff-api.ts), wired to the page: a chunk fetched when the person presses "Use your
// phone" (on-demand.ts).
import { byId } from '../dom.js';
import { fillDesktopHandoff } from './desktop-handoff-markup.js';
import { createDesktopHandoff, type DesktopHandoffDeps, type DesktopHandoffView } from './desktop-handoff.js';
import * as handoffApi from './handoff-api.js';

/** What the panel needs of the page around it (main.ts). */
export type DesktopHandoffPageDeps = Pick<DesktopHandoffDeps, 'live' | 'showNotice' | 'hideNotice' | 'onSignedIn' | 'onClosed'>;

export function createDesktopHandoffPart(deps: DesktopHandoffPageDeps): DesktopHandoffView {
  return createDesktopHandoff(
    fillDesktopHandoff(byId('handoff-desktop', HTMLElement)),
    { ...handoffApi, EventSource: typeof EventSource === 'function' ? EventSource : undefined, ...deps },
  );
}
