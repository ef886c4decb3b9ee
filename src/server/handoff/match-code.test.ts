import { describe, expect, it } from 'vitest';
import { CHOICE_COUNT, newMatchCode } from './match-code.js';

describe('match codes', () => {
  it('offer three distinct two-digit codes, the right one among them, in no fixed place', () => {
    const places = new Set<number>();
    for (let i = 0; i < 200; i += 1) {
      const { code, choices } = newMatchCode();
      expect(choices).toHaveLength(CHOICE_COUNT);
      expect(new Set(choices).size).toBe(CHOICE_COUNT);
      for (const choice of choices) expect(choice).toMatch(/^[1-9]\d$/);
      places.add(choices.indexOf(code));
    }
    expect([...places].sort()).toEqual([0, 1, 2]);
  });
});
