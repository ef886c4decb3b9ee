import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from './input-error.js';
import { parseRsql } from './rsql.js';

const FIELDS = ['status', 'reference_id'];

describe('parseRsql', () => {
  it('reads the RSQL grammar into a predicate over the fields', () => {
    const matches = parseRsql('(status==ERROR , reference_id=="a b");status!=ACCEPTED', FIELDS);
    expect([{ status: 'ERROR' }, { status: 'ACCEPTED' }, { status: 'COMPLETED', reference_id: 'a b' }].filter(matches)).toEqual([
      { status: 'ERROR' },
      { status: 'COMPLETED', reference_id: 'a b' },
    ]);
  });

  it.each([
    ['status', 'Unexpected end in "status"'],
    ['status==', 'Unexpected end in "status=="'],
    ['(status==ERROR', 'forget to close parenthesis'],
    ['status==ERROR)', "Unexpected character ')' at position 14"],
    ["status=='open", 'Unclosed quote'],
    ['status==a b', "Unexpected character 'b'"],
    ['', 'empty string'],
    ['   ', 'empty string'],
  ])('refuses the malformed %j as one "search:" issue with the example (%s)', (query, why) => {
    const refused = (() => {
      try {
        parseRsql(query, FIELDS);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).issues).toEqual([expect.stringMatching(/^search: not valid RSQL: /)]);
    expect((refused as InputError).message).toContain(why);
    expect((refused as InputError).message).toContain('e.g. status==COMPLETED;match==true');
  });

  it('refuses what parses but the emulator cannot mean', () => {
    expect(() => parseRsql('phone_number==1', FIELDS)).toThrow('is not a field');
  });

  it('answers any text with a predicate or an InputError, never another error (a 500 at the route)', () => {
    const piece = fc.constantFrom('status', 'reference_id', 'x.y', '==', '!=', '=in=', '=like=', '<', '>=', '(', ')', ';', ',', ' and ', ' or ', '"', "'", '\\', '*', 'a', ' ', '\t', '=', '!', '~');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join('')), (query) => {
        try {
          expect(typeof parseRsql(query, FIELDS)).toBe('function');
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
        }
      }),
    );
  });
});
