// The policy itself, as a pure function: given what is known about the number's SIM so far, either
// the verdict or the next question to put to tru.ID. The caller asks (SIMCheck) and calls again, so
// every branch is decided here and tested without a network.
//
// Three questions, each "did the SIM change within the last N minutes?" (tru.ID answers about the
// latest change):
//   within_window   N = the window (free with a SubscriberCheck, whose `period` is the window);
//   since_last_use  N = since the account's last sign-in (or creation): is this still the SIM that
//                   last signed in?
//   since_dormant   N = since (last sign-in + window): did the SIM change after the account had lain
//                   unused for longer than the window?
// Verdicts for a number that has an account:
//   - no change since its last sign-in → allow: the same SIM that last signed in;
//   - the latest change is within the window (and after the last sign-in) → refuse for now: a SIM
//     swap looks exactly like this, and the window gives the real owner time to notice and get
//     their number back; after it, a SIM that stayed is presumed to be theirs;
//   - the latest change is older than the window, and came after the account had been unused for
//     longer than the window → possibly a recycled number: never hand over the account;
//   - otherwise (the change followed closely on the last sign-in, and is older than the window) → allow.
// Why "after the account had been unused for the window" rather than "any change since a last sign-in
// older than the window": with the latter, every person refused for a recent change would, once the
// window passed, be told their number was possibly recycled — the date we name would be a lie. An
// operator re-issues a number only after weeks or months of quarantine, never within days of its
// owner's last use, so a change that soon after a sign-in is a new SIM, not a new person.
import { earliestMinutesAgo, type SimChangeAnswer } from './sim-change-answer.js';
import type { SimSwapSettings } from './settings.js';

export type SimQuestion = 'within_window' | 'since_last_use' | 'since_dormant';
export type SimAnswers = Partial<Record<SimQuestion, SimChangeAnswer>>;

export interface AccountOnNumber {
  readonly id: string;
  /** Its last sign-in, or its creation when it never signed in since. */
  readonly lastUsedAt: Date;
}

export type Assessment =
  | { readonly kind: 'ask'; readonly question: SimQuestion; readonly wantedMinutes: number }
  | { readonly kind: 'allow' }
  | { readonly kind: 'refuse_recent_change'; readonly changeWithinMinutes: number | null }
  | { readonly kind: 'refuse_no_data'; readonly reason: string }
  | { readonly kind: 'possibly_recycled' };

export interface AssessmentInput {
  readonly now: Date;
  /** The active account on the number, or null for a sign-up. */
  readonly account: AccountOnNumber | null;
  readonly answers: SimAnswers;
}

export function assessSimSwap(settings: SimSwapSettings, input: AssessmentInput): Assessment {
  const { answers, account } = input;
  const window = settings.windowMinutes;

  /** The answer as the policy reads it: "unknown" becomes "unchanged" when missing data is allowed. */
  const read = (question: SimQuestion): 'changed' | 'unchanged' | 'unknown' | undefined => {
    const answer = answers[question];
    if (!answer) return undefined;
    if (answer.kind === 'unknown') return settings.whenOperatorHasNoData === 'allow' ? 'unchanged' : 'unknown';
    return answer.kind;
  };
  const ask = (question: SimQuestion, wantedMinutes: number): Assessment => ({ kind: 'ask', question, wantedMinutes });
  const noData = (question: SimQuestion): Assessment => {
    const answer = answers[question];
    return { kind: 'refuse_no_data', reason: answer?.kind === 'unknown' ? answer.reason : 'no_data' };
  };
  const recentChange = (): Assessment => ({
    kind: 'refuse_recent_change',
    changeWithinMinutes: bucketOf(answers.within_window) ?? bucketOf(answers.since_last_use) ?? null,
  });

  if (account === null) {
    if (settings.signUpAfterRecentChange === 'allow') return { kind: 'allow' };
    switch (read('within_window')) {
      case undefined:
        return ask('within_window', window);
      case 'unknown':
        return noData('within_window');
      case 'changed':
        return recentChange();
      default:
        return { kind: 'allow' };
    }
  }

  // Minutes since the account was last used; a clock that went backwards counts as "just now".
  const idle = Math.max(0, (input.now.getTime() - account.lastUsedAt.getTime()) / 60_000);
  const recent = read('within_window');
  const sinceLastUse = read('since_last_use');

  if (recent === undefined) {
    // PhoneCheck + SIMCheck: the one question that usually settles it first.
    if (sinceLastUse === undefined) return ask('since_last_use', idle);
    if (sinceLastUse === 'unknown') return noData('since_last_use');
    if (sinceLastUse === 'unchanged') return { kind: 'allow' };
    // Changed since the last use, which itself is within the window: so is the change.
    if (idle <= window) return recentChange();
    return ask('within_window', window);
  }

  if (recent === 'unknown') return noData('within_window');

  if (recent === 'changed') {
    // The last use is at least a window ago, so a change within the window came after it.
    if (idle >= window) return recentChange();
    if (sinceLastUse === undefined) return ask('since_last_use', idle);
    // Unchanged since the last sign-in: the recent change came before it, and that SIM signed in.
    // Changed, or the operator would not say: the recent change is not ruled out as after it.
    return sinceLastUse === 'unchanged' ? { kind: 'allow' } : recentChange();
  }

  // No change within the window.
  if (idle <= window) return { kind: 'allow' };
  const sinceDormant = read('since_dormant');
  if (sinceDormant === undefined) return ask('since_dormant', idle - window);
  if (sinceDormant === 'unknown') return noData('since_dormant');
  return sinceDormant === 'changed' ? { kind: 'possibly_recycled' } : { kind: 'allow' };
}

function bucketOf(answer: SimChangeAnswer | undefined): number | null | undefined {
  return answer?.kind === 'changed' ? (answer.changeWithinMinutes ?? undefined) : undefined;
}

/**
 * When a SIM change refused as recent is sure to be outside the window: it happened at the latest
 * `earliestMinutesAgo(bucket)` ago, so it is `window` old at the latest `window - earliest` from now.
 * The window is inclusive (a change exactly `window` minutes ago is within it), so one minute more,
 * then up to the next whole minute.
 */
export function noLongerRecentAt(settings: SimSwapSettings, now: Date, changeWithinMinutes: number | null): Date {
  const earliest = earliestMinutesAgo(changeWithinMinutes);
  // A bucket older than the window contradicts "changed within the window": then assume "just now".
  const remaining = earliest < settings.windowMinutes ? settings.windowMinutes - earliest : settings.windowMinutes;
  return new Date(Math.ceil((now.getTime() + (remaining + 1) * 60_000) / 60_000) * 60_000);
}
