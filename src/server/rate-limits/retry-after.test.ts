import { describe, expect, it } from 'vitest';
import { retryAfterSeconds, tryAgainIn } from './retry-after.js';

describe('retryAfterSeconds', () => {
  it('rounds up to whole seconds and never says 0', () => {
    expect(retryAfterSeconds(0)).toBe(1);
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1000)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
    expect(retryAfterSeconds(3_599_500)).toBe(3600);
  });
});

describe('tryAgainIn', () => {
  it.each([
    [1, 'Try again in less than a minute.'],
    [59, 'Try again in less than a minute.'],
    [60, 'Try again in about a minute.'],
    [61, 'Try again in about 2 minutes.'],
    [170, 'Try again in about 3 minutes.'],
    [3540, 'Try again in about 59 minutes.'],
    [3599, 'Try again in about an hour.'],
    [3600, 'Try again in about an hour.'],
    [5 * 3600 - 10, 'Try again in about 5 hours.'],
  ])('%i seconds: %s', (seconds, words) => {
    expect(tryAgainIn(seconds)).toBe(words);
  });
});
