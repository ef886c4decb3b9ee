// Turns what a person typed into E.164, or says exactly what is wrong with it.
//
// We check that a number is *possible* (right country, right length) rather than that libphonenumber
// believes it is allocated: numbering plans move faster than the library's metadata, and the mobile
// network gives the final answer anyway — that is the whole point of a SIM check.
import { parsePhoneNumberWithError, validatePhoneNumberLength, type CountryCode, type PhoneNumber } from 'libphonenumber-js';

export type PhoneNumberProblem = 'empty' | 'not_a_number' | 'invalid_country' | 'too_short' | 'too_long' | 'invalid_length';

export type PhoneNumberResult =
  | { ok: true; e164: string }
  | { ok: false; problem: PhoneNumberProblem; message: string };

const MESSAGES: Record<PhoneNumberProblem, string> = {
  empty: 'Enter your mobile phone number.',
  // Says what the character rule below accepts (digits, spaces, a leading +); brackets, dots and dashes are
  // tolerated too but need no mention. The example is international, so it holds whatever DEFAULT_COUNTRY is.
  not_a_number: 'That does not look like a phone number. Use digits, spaces and a leading +, for example +44 7700 900123.',
  invalid_country: 'We could not tell which country this number is from. Start it with + and the country code, for example +44.',
  too_short: 'This phone number is too short. Check that you typed every digit.',
  too_long: 'This phone number is too long. Check for extra digits.',
  invalid_length: 'This phone number has the wrong number of digits for its country.',
};

/** The longest input we even try to parse: E.164 allows 15 digits; generous room for spaces and punctuation. */
const MAX_INPUT_LENGTH = 40;

export function normalisePhoneNumber(input: string, defaultCountry: CountryCode): PhoneNumberResult {
  const trimmed = input.trim();
  if (trimmed === '') return fail('empty');
  if (trimmed.length > MAX_INPUT_LENGTH) return fail('too_long');
  // Only digits, spaces and the usual separators: anything else (letters, extensions) is refused
  // rather than silently dropped, so the number we check is the number the person meant.
  if (!/^[+\d\s().-]+$/.test(trimmed)) return fail('not_a_number');

  // One parse for a good number (the common case); only a refused one is parsed again, to say why.
  const parsed = parseOrUndefined(trimmed, defaultCountry);
  if (parsed?.isPossible()) return { ok: true, e164: parsed.number };
  const lengthProblem = validatePhoneNumberLength(trimmed, defaultCountry);
  if (lengthProblem !== undefined) return fail(lengthProblemOf(lengthProblem));
  return fail(parsed ? 'invalid_length' : 'not_a_number');
}

function parseOrUndefined(input: string, defaultCountry: CountryCode): PhoneNumber | undefined {
  try {
    return parsePhoneNumberWithError(input, defaultCountry);
  } catch {
    return undefined;
  }
}

function lengthProblemOf(code: string): PhoneNumberProblem {
  switch (code) {
    case 'TOO_SHORT':
      return 'too_short';
    case 'TOO_LONG':
      return 'too_long';
    case 'INVALID_COUNTRY':
      return 'invalid_country';
    case 'NOT_A_NUMBER':
      return 'not_a_number';
    default:
      return 'invalid_length';
  }
}

function fail(problem: PhoneNumberProblem): PhoneNumberResult {
  return { ok: false, problem, message: MESSAGES[problem] };
}

/**
 * For the number's owner (the signed-in person's own account): the number as people write it,
 * e.g. +44 7700 900001. Everyone else — logs, the audit trail — gets maskPhoneNumber().
 */
export function formatPhoneNumberForOwner(e164: string): string {
  // Asked on every /api/session of a signed-in page, for the same few numbers: parsing is most of the cost.
  let formatted = ownerFormats.get(e164);
  if (formatted === undefined) {
    formatted = formatUncached(e164);
    if (ownerFormats.size >= OWNER_FORMAT_CACHE_SIZE) ownerFormats.clear();
    ownerFormats.set(e164, formatted);
  }
  return formatted;
}

const OWNER_FORMAT_CACHE_SIZE = 10_000;
const ownerFormats = new Map<string, string>();

function formatUncached(e164: string): string {
  try {
    return parsePhoneNumberWithError(e164).formatInternational();
  } catch {
    // Stored numbers are E.164 we produced; should one not parse, its plain form is still right.
    return e164;
  }
}

/** For logs and audit: keeps the country code and the last two digits, e.g. +44*******01. */
export function maskPhoneNumber(e164: string): string {
  if (e164.length <= 5) return '*'.repeat(e164.length);
  return e164.slice(0, 3) + '*'.repeat(e164.length - 5) + e164.slice(-2);
}
