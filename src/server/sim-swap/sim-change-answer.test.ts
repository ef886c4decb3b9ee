import { describe, expect, it } from 'vitest';
import { answerFromFacts, earliestMinutesAgo } from './sim-change-answer.js';

describe('answerFromFacts', () => {
  it('reads NoSimChange: false = changed, true = unchanged, absent = unknown', () => {
    expect(answerFromFacts({ noSimChange: false, changeWithinMinutes: 1440 }, 10080, 10080)).toEqual({ kind: 'changed', wantedMinutes: 10080, changeWithinMinutes: 1440 });
    expect(answerFromFacts({ noSimChange: true, changeWithinMinutes: null }, 10080, 10080)).toMatchObject({ kind: 'unchanged' });
    expect(answerFromFacts({ noSimChange: null, changeWithinMinutes: null }, 10080, 10080)).toEqual({ kind: 'unknown', wantedMinutes: 10080, reason: 'no_data' });
  });

  it('does not take "unchanged" at its word when the look-back was cut short and the last change may lie beyond it', () => {
    // Wanted 2 years; the API looked back 540,000 minutes; the last change is "> 365d" ago.
    expect(answerFromFacts({ noSimChange: true, changeWithinMinutes: 525601 }, 2 * 525600, 540000)).toMatchObject({ kind: 'changed' });
    // Not cut short: the answer stands.
    expect(answerFromFacts({ noSimChange: true, changeWithinMinutes: 525601 }, 500000, 500000)).toMatchObject({ kind: 'unchanged' });
    // Cut short, but no change known at all: nothing to go on.
    expect(answerFromFacts({ noSimChange: true, changeWithinMinutes: null }, 2 * 525600, 540000)).toMatchObject({ kind: 'unchanged' });
  });
});

describe('earliestMinutesAgo', () => {
  it('follows the SimChangeWithin table, and says "just now" for what it does not know', () => {
    expect([60, 360, 720, 1440, 10080, 43200, 525601].map(earliestMinutesAgo)).toEqual([0, 61, 361, 721, 4321, 10081, 525601]);
    expect(earliestMinutesAgo(null)).toBe(0);
    expect(earliestMinutesAgo(999)).toBe(0);
  });
});
