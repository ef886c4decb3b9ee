import { describe, expect, it } from 'vitest';
import { formatPhoneNumberForOwner, maskPhoneNumber, normalisePhoneNumber } from './phone-number.js';

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

describe('what a refusal says matches what is accepted', () => {
  const refusals = ['', 'call me', '123', '+44 7700 900001 999', '+999 123456', '+44 7700 90'];
  it.each(refusals)('every example number in the message for %j is itself accepted', (input) => {
    const result = normalisePhoneNumber(input, 'GB');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const example of result.message.match(/\+?\d[\d ]{5,}\d/g) ?? []) {
      // Whatever the default country: examples are written internationally.
      expect(normalisePhoneNumber(example, 'US'), example).toMatchObject({ ok: true });
    }
  });

  it('a number written with the separators the message allows (spaces, leading +) is accepted', () => {
    expect(normalisePhoneNumber('+44 7700 900123', 'GB')).toEqual({ ok: true, e164: '+447700900123' });
  });
});

describe('formatPhoneNumberForOwner', () => {
  it.each([
    ['+447700900001', '+44 7700 900001'],
    ['+12025550143', '+1 202 555 0143'],
  ])('writes %s as people write it: %s', (e164, written) => {
    expect(formatPhoneNumberForOwner(e164)).toBe(written);
  });

  it('falls back to the plain number when it cannot be parsed', () => {
    expect(formatPhoneNumberForOwner('not a number')).toBe('not a number');
  });
});

describe('maskPhoneNumber', () => {
  it('keeps only the country code and the last two digits', () => {
    expect(maskPhoneNumber('+447700900001')).toBe('+44********01');
  });
});
