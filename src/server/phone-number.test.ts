import { describe, expect, it } from 'vitest';
import { maskPhoneNumber, normalisePhoneNumber } from './phone-number.js';

describe('normalisePhoneNumber', () => {
  it.each([
    ['07700 900001', '+447700900001'],
    ['+44 7700 900001', '+447700900001'],
    ['447700900001', '+447700900001'],
    ['0044 7700 900001', '+447700900001'],
    ['(07700) 900-001', '+447700900001'],
    ['+1 202 555 0143', '+12025550143'],
  ])('turns %j into E.164 %s', (input, e164) => {
    expect(normalisePhoneNumber(input, 'GB')).toEqual({ ok: true, e164 });
  });

  it.each([
    ['', 'empty', /Enter your mobile phone number/],
    ['   ', 'empty', /Enter your mobile phone number/],
    ['123', 'too_short', /too short/],
    ['+44 7700 900001 999', 'too_long', /too long/],
    ['call me', 'not_a_number', /does not look like a phone number/],
    ['07700 900001 ext 5', 'not_a_number', /does not look like a phone number/],
    ['+999 123456', 'invalid_country', /which country/],
    ['1'.repeat(500), 'too_long', /too long/],
  ])('refuses %j as %s with words a person understands', (input, problem, words) => {
    const result = normalisePhoneNumber(input, 'GB');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toBe(problem);
      expect(result.message).toMatch(words);
    }
  });

  it('reads a national number with the configured default country', () => {
    expect(normalisePhoneNumber('202 555 0143', 'US')).toEqual({ ok: true, e164: '+12025550143' });
  });
});

describe('maskPhoneNumber', () => {
  it('keeps only the country code and the last two digits', () => {
    expect(maskPhoneNumber('+447700900001')).toBe('+44********01');
  });
});
