// A refused sign-in, in words: what happened, why it protects the person, what to do. The page shows
// `detail` as it is; `try_again_after` (ISO 8601) lets it also name the date in the person's own time zone.
import { FlowError } from '../errors.js';
import { noLongerRecentAt, type Assessment } from './assessment.js';
import type { SimSwapSettings } from './settings.js';

export type SimSwapRefusal = Extract<Assessment, { kind: 'refuse_recent_change' | 'refuse_no_data' | 'possibly_recycled' }>;

const SWAP = "someone who moves a number onto their own SIM card (a \u201cSIM swap\u201d) would pass this check too";

export function refusalError(refusal: SimSwapRefusal, context: { settings: SimSwapSettings; now: Date; hasAccount: boolean }): FlowError {
  switch (refusal.kind) {
    case 'refuse_recent_change': {
      const after = noLongerRecentAt(context.settings, context.now, refusal.changeWithinMinutes);
      const when = formatUtc(after);
      const detail = context.hasAccount
        ? `This number's SIM card was changed recently, so we can't sign you in with it yet. This protects your account: ${SWAP}. ` +
          `If you changed your SIM yourself, you can try again after ${when}. If you didn't, contact your mobile network now: someone may have taken over your number.`
        : `This number's SIM card was changed recently, so we can't open an account with it yet: ${SWAP}. ` +
          `If you changed your SIM yourself, you can try again after ${when}.`;
      return new FlowError('sim_changed_recently', detail, undefined, { extensions: { try_again_after: after.toISOString() } });
    }
    case 'refuse_no_data':
      return new FlowError(
        'sim_change_unknown',
        context.hasAccount
          ? `Your mobile network didn't tell us whether this number's SIM card changed recently, so we can't safely sign you in to the account on it: ${SWAP}. ` +
              'Please try again later. There is no other way to sign in yet.'
          : `Your mobile network didn't tell us whether this number's SIM card changed recently, so we can't safely open an account with it: ${SWAP}. ` +
              'Please try again later.',
      );
    case 'possibly_recycled':
      return new FlowError(
        'possibly_recycled_number',
        "This number's SIM card changed after the account on this number had gone unused for a while. Mobile networks give numbers nobody uses " +
          'to new people, so that account may belong to whoever had this number before you, and we will not open it for a new SIM. ' +
          'If this number is new to you, you can start a new account on it: the old account stays closed, with everything in it. ' +
          "If the old account is yours, you can't get into it with this SIM.",
        undefined,
        { extensions: { new_account_available: true } },
      );
  }
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "Friday 14 March 2025, 10:32 UTC": the server does not know the person's time zone, so it says which it uses. */
export function formatUtc(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}
