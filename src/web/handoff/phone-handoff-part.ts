// The phone's side of the hand-off (phone-handoff.ts) with its elements (phone-handoff-markup.ts) and its
// routes (handoff-api.ts), wired to the page: a chunk fetched only by a phone that opened a hand-off link
// or is in a hand-off (main.ts).
import * as messages from '../check-messages.js';
import { byId } from '../dom.js';
import * as handoffApi from './handoff-api.js';
import { fillPhoneHandoff } from './phone-handoff-markup.js';
import { createPhoneHandoff, type PhoneHandoffDeps, type PhoneHandoffView } from './phone-handoff.js';

/** What the notice needs of the page around it (main.ts). */
export type PhoneHandoffPageDeps = Pick<PhoneHandoffDeps, 'live' | 'showNotice' | 'hideNotice' | 'offerChoice' | 'onFinished' | 'onVerified'>;

/** `known`: GET /api/handoff/phone's answer when the first load already asked it (handoff-link.ts). */
export function createPhoneHandoffPart(deps: PhoneHandoffPageDeps, known?: { status: number; body: unknown }): PhoneHandoffView {
  return createPhoneHandoff(
    fillPhoneHandoff(byId('handoff-phone', HTMLElement)),
    {
      ...handoffApi,
      getPhoneHandoff: known ? () => Promise.resolve(handoffApi.phoneHandoffFrom(known.status, known.body)) : handoffApi.getPhoneHandoff,
      choosing: (choice) => (choice === 'new-account' ? messages.simSwap.startingNewAccount : messages.simSwap.retrying),
      ...deps,
    },
  );
}
