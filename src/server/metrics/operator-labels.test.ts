import { describe, expect, it } from 'vitest';
import { createOperatorLabels, OTHER_OPERATOR, UNKNOWN_OPERATOR } from './operator-labels.js';

describe('operator labels', () => {
  it('names the network tru.ID gave, "unknown" when it gave none', () => {
    const labels = createOperatorLabels();
    expect(labels.label('23410')).toBe('23410');
    expect(labels.label(undefined)).toBe(UNKNOWN_OPERATOR);
    expect(labels.label('')).toBe(UNKNOWN_OPERATOR);
  });

  it('keeps the number of series bounded: past the limit, and for odd values, "other"', () => {
    const labels = createOperatorLabels({ operators: 2, checks: 10 });
    expect([labels.label('1'), labels.label('2'), labels.label('3'), labels.label('1')]).toEqual(['1', '2', OTHER_OPERATOR, '1']);
    expect(labels.label('{bad="label"}')).toBe(OTHER_OPERATOR);
    expect(labels.label('x'.repeat(17))).toBe(OTHER_OPERATOR);
  });

  it('remembers the operator of at most the most recent checks, until forgotten', () => {
    const labels = createOperatorLabels({ operators: 10, checks: 2 });
    labels.remember('a', '23410');
    labels.remember('b', '23415');
    labels.remember('c', '23420');
    expect([labels.recall('a'), labels.recall('b'), labels.recall('c')]).toEqual([UNKNOWN_OPERATOR, '23415', '23420']);
    labels.forget('b');
    expect(labels.recall('b')).toBe(UNKNOWN_OPERATOR);
  });
});
