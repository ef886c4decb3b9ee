// Number matching: the desktop shows a two-digit code, the phone offers three and the person picks the
// one they see on the desktop. Someone holding a stolen link but not looking at the desktop picks right
// one time in three, and one wrong pick ends the hand-off (handoff-policy.ts), so they get one guess.
import { randomInt } from 'node:crypto';

export const CHOICE_COUNT = 3;

export interface MatchCode {
  code: string;
  /** CHOICE_COUNT distinct codes in random order, `code` among them. */
  choices: string[];
}

export function newMatchCode(): MatchCode {
  const codes = new Set<string>();
  while (codes.size < CHOICE_COUNT) codes.add(String(randomInt(10, 100)));
  const choices = [...codes];
  const code = choices[randomInt(0, CHOICE_COUNT)]!;
  return { code, choices };
}
