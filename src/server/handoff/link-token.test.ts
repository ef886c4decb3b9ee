import { describe, expect, it } from 'vitest';
import { canonicalLinkToken, handoffLink, hashLinkToken, newLinkToken } from './link-token.js';

describe('hand-off link tokens', () => {
  it('are 26 base32 characters (130 bits) in groups of five, different every time', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newLinkToken()));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(/^[a-z2-7]{5}(-[a-z2-7]{5}){4}-[a-z2-7]$/);
  });

  it('read what a person typed: capitals, spaces, missing hyphens', () => {
    const token = 'abcde-fghij-klmno-pqrst-uvwxy-z';
    expect(canonicalLinkToken(token)).toBe('abcdefghijklmnopqrstuvwxyz');
    expect(canonicalLinkToken('ABCDE FGHIJ KLMNO PQRST UVWXY Z')).toBe('abcdefghijklmnopqrstuvwxyz');
    expect(canonicalLinkToken('abcdefghijklmnopqrstuvwxy')).toBeNull();
    expect(canonicalLinkToken('abcdefghijklmnopqrstuvwxy0')).toBeNull();
  });

  it('are stored as a SHA-256, never as themselves', () => {
    const hash = hashLinkToken('abcdefghijklmnopqrstuvwxyz');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('abcdefghij');
  });

  it('travel in the fragment, which browsers never send to a server', () => {
    expect(new URL(handoffLink('http://localhost:4000', 'abcde-fghij')).hash).toBe('#handoff=abcde-fghij');
  });
});
