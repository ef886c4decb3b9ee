import { parse } from '@rsql/parser';
import { describe, expect, it } from 'vitest';
import { InputError } from './input-error.js';
import { toPredicate } from './rsql-predicate.js';

const FIELDS = ['status', 'match', 'reference_id', 'ttl', 'created_at'];
const items = [
  { status: 'COMPLETED', match: true, reference_id: 'order-1', ttl: 120, created_at: '2026-01-01T00:00:00.000Z' },
  { status: 'COMPLETED', match: false, reference_id: 'order-2', ttl: 60, created_at: '2026-01-02T00:00:00.000Z' },
  { status: 'ERROR', reference_id: 'other', ttl: 120, created_at: '2026-01-03T00:00:00.000Z' },
  { status: 'ACCEPTED', ttl: 300, created_at: '2026-01-04T00:00:00.000Z' },
];
const refs = (query: string) => items.filter(toPredicate(parse(query), FIELDS)).map((i) => i.reference_id ?? '-');

describe('toPredicate', () => {
  it('compares with == and != (booleans and numbers as their text)', () => {
    expect(refs('status==COMPLETED')).toEqual(['order-1', 'order-2']);
    expect(refs('match==true')).toEqual(['order-1']);
    expect(refs('ttl==120')).toEqual(['order-1', 'other']);
    expect(refs('status!=COMPLETED')).toEqual(['other', '-']);
    expect(refs('reference_id=="order-1"')).toEqual(['order-1']);
  });

  it('reads * in == and != as any run of characters, and nothing else as a pattern', () => {
    expect(refs('reference_id==order-*')).toEqual(['order-1', 'order-2']);
    expect(refs('reference_id==*-2')).toEqual(['order-2']);
    expect(refs('reference_id==o*r*')).toEqual(['order-1', 'order-2', 'other']);
    expect(refs('reference_id==*')).toEqual(['order-1', 'order-2', 'other']);
    expect(refs('reference_id==order*1*')).toEqual(['order-1']);
    expect(refs('reference_id==ot*other')).toEqual([]);
    expect(refs('reference_id!=order-*')).toEqual(['other', '-']);
    expect(refs('reference_id==order.1')).toEqual([]);
  });

  it('orders numbers as numbers and times as text, in both spellings', () => {
    expect(refs('ttl=gt=100')).toEqual(['order-1', 'other', '-']);
    expect(refs('ttl>100')).toEqual(refs('ttl=gt=100'));
    expect(refs('ttl<100')).toEqual(['order-2']);
    expect(refs('ttl=lt=100')).toEqual(['order-2']);
    expect(refs('ttl<=120')).toEqual(['order-1', 'order-2', 'other']);
    expect(refs('ttl=le=60')).toEqual(['order-2']);
    expect(refs('ttl>=300')).toEqual(['-']);
    expect(refs("created_at=ge='2026-01-03T00:00:00.000Z'")).toEqual(['other', '-']);
    expect(refs('ttl>abc')).toEqual([]);
  });

  it('binds ; (and) tighter than , (or), with parentheses and the word forms', () => {
    expect(refs('status==ERROR,status==COMPLETED;match==false')).toEqual(['order-2', 'other']);
    expect(refs('(status==ERROR,status==COMPLETED);ttl==120')).toEqual(['order-1', 'other']);
    expect(refs('status==ERROR or ttl==300')).toEqual(['other', '-']);
    expect(refs('status==COMPLETED and match==false')).toEqual(['order-2']);
  });

  it('takes lists for =in= and =out=', () => {
    expect(refs('status=in=(ERROR,ACCEPTED)')).toEqual(['other', '-']);
    expect(refs('status=out=(ERROR,ACCEPTED)')).toEqual(['order-1', 'order-2']);
    expect(refs('status=in=(ERROR)')).toEqual(['other']);
  });

  it.each([
    ['phone_number==1', 'is not a field'],
    ['status=like=x', 'not a comparison the emulator knows'],
    ['status=in=ERROR', 'take a list'],
    ['status==(ERROR,ACCEPTED)', 'takes one value, not a list'],
  ])('refuses %j with a clear issue (%s)', (query, why) => {
    expect(() => toPredicate(parse(query), FIELDS)).toThrow(InputError);
    expect(() => toPredicate(parse(query), FIELDS)).toThrow(why);
  });

  it('names every field and operator it cannot mean, not just the first', () => {
    const refused = (() => {
      try {
        toPredicate(parse('nope==1;status=like=x,ttl=in=3'), FIELDS);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).issues).toEqual([
      expect.stringContaining('"nope" is not a field'),
      expect.stringContaining('"=like=" is not a comparison'),
      expect.stringContaining('=in= and =out= take a list'),
    ]);
  });
});
