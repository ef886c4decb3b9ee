// The policy, branch by branch, without a network: what it asks next and what it decides.
import { describe, expect, it } from 'vitest';
import { assessSimSwap, noLongerRecentAt, type AccountOnNumber, type SimAnswers } from './assessment.js';
import type { SimChangeAnswer } from './sim-change-answer.js';
import { DEFAULT_SIM_SWAP_SETTINGS, type SimSwapSettings } from './settings.js';

const NOW = new Date('2025-06-15T12:00:00Z');
const W = 10080; // 7 days
const MIN = 60_000;
const DAY = 1440;

const changed = (changeWithinMinutes: number | null = null): SimChangeAnswer => ({ kind: 'changed', wantedMinutes: 0, changeWithinMinutes });
const unchanged: SimChangeAnswer = { kind: 'unchanged', wantedMinutes: 0, changeWithinMinutes: null };
const unknown: SimChangeAnswer = { kind: 'unknown', wantedMinutes: 0, reason: 'mno_no_data_available' };

/** An account last used `minutesAgo` minutes before NOW. */
const usedAgo = (minutesAgo: number): AccountOnNumber => ({ id: 'u1', lastUsedAt: new Date(NOW.getTime() - minutesAgo * MIN) });

const assess = (account: AccountOnNumber | null, answers: SimAnswers, settings: Partial<SimSwapSettings> = {}) =>
  assessSimSwap({ ...DEFAULT_SIM_SWAP_SETTINGS, ...settings }, { now: NOW, account, answers });

describe('sign-up (no account on the number)', () => {
  it('is allowed by default whatever the SIM did, without asking anything', () => {
    expect(assess(null, {})).toEqual({ kind: 'allow' });
    expect(assess(null, { within_window: changed(60) })).toEqual({ kind: 'allow' });
  });

  it('with SIM_SWAP_SIGN_UP=refuse: asks about the window, refuses a recent change, follows the no-data setting', () => {
    const refuse = { signUpAfterRecentChange: 'refuse' } as const;
    expect(assess(null, {}, refuse)).toEqual({ kind: 'ask', question: 'within_window', wantedMinutes: W });
    expect(assess(null, { within_window: changed(1440) }, refuse)).toEqual({ kind: 'refuse_recent_change', changeWithinMinutes: 1440 });
    expect(assess(null, { within_window: unchanged }, refuse)).toEqual({ kind: 'allow' });
    expect(assess(null, { within_window: unknown }, refuse)).toEqual({ kind: 'refuse_no_data', reason: 'mno_no_data_available' });
    expect(assess(null, { within_window: unknown }, { ...refuse, whenOperatorHasNoData: 'allow' })).toEqual({ kind: 'allow' });
  });
});

describe('sign-in with the SubscriberCheck answer in hand (within_window known)', () => {
  it('allows an unchanged SIM on an account used within the window, asking nothing', () => {
    expect(assess(usedAgo(DAY), { within_window: unchanged })).toEqual({ kind: 'allow' });
  });

  it('refuses a change within the window when the account was last used a window or more ago', () => {
    expect(assess(usedAgo(30 * DAY), { within_window: changed(1440) })).toEqual({ kind: 'refuse_recent_change', changeWithinMinutes: 1440 });
    // Exactly at the window: the change within the window is after the last use.
    expect(assess(usedAgo(W), { within_window: changed(1440) })).toMatchObject({ kind: 'refuse_recent_change' });
  });

  it('asks since the last use when that was inside the window, and allows the SIM that signed in then', () => {
    expect(assess(usedAgo(3 * DAY), { within_window: changed(1440) })).toEqual({ kind: 'ask', question: 'since_last_use', wantedMinutes: 3 * DAY });
    expect(assess(usedAgo(3 * DAY), { within_window: changed(4320), since_last_use: unchanged })).toEqual({ kind: 'allow' });
    expect(assess(usedAgo(3 * DAY), { within_window: changed(1440), since_last_use: changed(1440) })).toMatchObject({ kind: 'refuse_recent_change' });
  });

  it('refuses the recent change (not "no data") when only the follow-up question went unanswered', () => {
    expect(assess(usedAgo(3 * DAY), { within_window: changed(1440), since_last_use: unknown })).toMatchObject({ kind: 'refuse_recent_change' });
  });

  it('asks about a dormant account: a change after it had lain unused for the window is a possibly recycled number', () => {
    const yearAgo = usedAgo(365 * DAY);
    expect(assess(yearAgo, { within_window: unchanged })).toEqual({ kind: 'ask', question: 'since_dormant', wantedMinutes: 365 * DAY - W });
    expect(assess(yearAgo, { within_window: unchanged, since_dormant: changed(129600) })).toEqual({ kind: 'possibly_recycled' });
    expect(assess(yearAgo, { within_window: unchanged, since_dormant: unchanged })).toEqual({ kind: 'allow' });
  });

  it('treats "last used" exactly a window ago as not dormant, and a minute more as dormant', () => {
    expect(assess(usedAgo(W), { within_window: unchanged })).toEqual({ kind: 'allow' });
    expect(assess(usedAgo(W + 1), { within_window: unchanged })).toEqual({ kind: 'ask', question: 'since_dormant', wantedMinutes: 1 });
  });

  it('lets a SIM that changed soon after the last sign-in in, once the change is older than the window', () => {
    // Signed in 10 days ago, new SIM 9 days ago: the change came 1 day into the idle time, not after 7.
    expect(assess(usedAgo(10 * DAY), { within_window: unchanged, since_dormant: unchanged })).toEqual({ kind: 'allow' });
  });

  it('follows SIM_SWAP_NO_DATA when the operator does not say', () => {
    expect(assess(usedAgo(DAY), { within_window: unknown })).toEqual({ kind: 'refuse_no_data', reason: 'mno_no_data_available' });
    expect(assess(usedAgo(DAY), { within_window: unknown }, { whenOperatorHasNoData: 'allow' })).toEqual({ kind: 'allow' });
    expect(assess(usedAgo(365 * DAY), { within_window: unchanged, since_dormant: unknown })).toMatchObject({ kind: 'refuse_no_data' });
  });
});

describe('sign-in with PhoneCheck + SIMCheck (nothing known yet)', () => {
  it('asks first whether the SIM changed since the last use, and allows when it did not', () => {
    expect(assess(usedAgo(2 * DAY), {})).toEqual({ kind: 'ask', question: 'since_last_use', wantedMinutes: 2 * DAY });
    expect(assess(usedAgo(2 * DAY), { since_last_use: unchanged })).toEqual({ kind: 'allow' });
  });

  it('refuses a change since a last use inside the window without a second question', () => {
    expect(assess(usedAgo(2 * DAY), { since_last_use: changed(1440) })).toEqual({ kind: 'refuse_recent_change', changeWithinMinutes: 1440 });
  });

  it('for an account idle longer than the window: asks about the window, then about dormancy', () => {
    const idle = usedAgo(365 * DAY);
    expect(assess(idle, { since_last_use: changed(129600) })).toEqual({ kind: 'ask', question: 'within_window', wantedMinutes: W });
    expect(assess(idle, { since_last_use: changed(1440), within_window: changed(1440) })).toMatchObject({ kind: 'refuse_recent_change' });
    expect(assess(idle, { since_last_use: changed(129600), within_window: unchanged })).toMatchObject({ kind: 'ask', question: 'since_dormant' });
    expect(assess(idle, { since_last_use: changed(129600), within_window: unchanged, since_dormant: changed(129600) })).toEqual({ kind: 'possibly_recycled' });
  });

  it('refuses when the operator will not say, unless told to allow', () => {
    expect(assess(usedAgo(DAY), { since_last_use: unknown })).toMatchObject({ kind: 'refuse_no_data' });
    expect(assess(usedAgo(DAY), { since_last_use: unknown }, { whenOperatorHasNoData: 'allow' })).toEqual({ kind: 'allow' });
  });
});

describe('noLongerRecentAt: the date a refused person can try again', () => {
  const settings = DEFAULT_SIM_SWAP_SETTINGS;

  it('is the window after the latest the change can have been, plus the inclusive minute', () => {
    // 1440 = "12h01m - 24h" ago: at the latest 721 minutes ago, so the window ends at most W - 721 from now.
    expect(noLongerRecentAt(settings, NOW, 1440)).toEqual(new Date(NOW.getTime() + (W - 721 + 1) * MIN));
  });

  it('is a whole window away when the change could be just now, or its bucket makes no sense', () => {
    expect(noLongerRecentAt(settings, NOW, null)).toEqual(new Date(NOW.getTime() + (W + 1) * MIN));
    expect(noLongerRecentAt(settings, NOW, 60)).toEqual(new Date(NOW.getTime() + (W + 1) * MIN));
    expect(noLongerRecentAt(settings, NOW, 525601)).toEqual(new Date(NOW.getTime() + (W + 1) * MIN));
  });

  it('rounds up to a whole minute', () => {
    const odd = new Date(NOW.getTime() + 1234);
    expect(noLongerRecentAt(settings, odd, null).getTime() % MIN).toBe(0);
    expect(noLongerRecentAt(settings, odd, null).getTime()).toBeGreaterThan(odd.getTime() + (W + 1) * MIN);
  });
});
