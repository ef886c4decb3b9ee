import { describe, expect, it } from 'vitest';
import { InputError } from './input-error.js';
import { parseRsql } from './rsql.js';

const FIELDS = ['status', 'match', 'reference_id', 'ttl', 'created_at'];
const items = [
  { status: 'COMPLETED', match: true, reference_id: 'order-1', ttl: 120, created_at: '2026-01-01T00:00:00.000Z' },
  { status: 'COMPLETED', match: false, reference_id: 'order-2', ttl: 60, created_at: '2026-01-02T00:00:00.000Z' },
  { status: 'ERROR', reference_id: 'other', ttl: 120, created_at: '2026-01-03T00:00:00.000Z' },
  { status: 'ACCEPTED', ttl: 300, created_at: '2026-01-04T00:00:00.000Z' },
];
const refs = (query: string) => items.filter(parseRsql(query, FIELDS)).map((i) => i.reference_id ?? '-');

describe('parseRsql', () => {
  it('compares with == and != (booleans and numbers as their text), * as a wildcard', () => {
    expect(refs('status==COMPLETED')).toEqual(['order-1', 'order-2']);
    expect(refs('match==true')).toEqual(['order-1']);
    expect(refs('status!=COMPLETED')).toEqual(['other', '-']);
    expect(refs('reference_id==order-*')).toEqual(['order-1', 'order-2']);
    expect(refs('reference_id=="order-1"')).toEqual(['order-1']);
  });

  it('orders numbers as numbers and times as text', () => {
    expect(refs('ttl=gt=100')).toEqual(['order-1', 'other', '-']);
    expect(refs('ttl<100')).toEqual(['order-2']);
    expect(refs("created_at=ge='2026-01-03T00:00:00.000Z'")).toEqual(['other', '-']);
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
  });

  it.each([
    ['phone_number==1', 'is not a field'],
    ['status', 'expected a comparison'],
    ['status==', 'expected a value'],
    ['(status==ERROR', 'not closed'],
    ['status==ERROR)', 'unexpected'],
    ['status=in=ERROR', 'take a list'],
    ["status=='open", 'not closed'],
    ['', 'empty'],
  ])('refuses %j with a clear issue (%s)', (query, why) => {
    expect(() => parseRsql(query, FIELDS)).toThrow(InputError);
    expect(() => parseRsql(query, FIELDS)).toThrow(why);
  });
});
