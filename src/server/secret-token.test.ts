import { describe, expect, it } from 'vitest';
import { hashSecretToken, newSecretToken, SECRET_TOKEN_SHAPE, secretTokenMatches } from './secret-token.js';

describe('secret tokens', () => {
  it('are 32 random bytes in base64url, never repeated, across many refills of the pool', () => {
    const tokens = Array.from({ length: 5000 }, () => newSecretToken());
    for (const token of tokens) {
      expect(token).toMatch(SECRET_TOKEN_SHAPE);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    // No byte position is stuck (a pool slice handed out twice, or wiped before encoding, would show as
    // zeros): over 5000 tokens every position takes many values.
    const bytes = tokens.map((t) => Buffer.from(t, 'base64url'));
    for (let i = 0; i < 32; i++) expect(new Set(bytes.map((b) => b[i])).size).toBeGreaterThan(200);
  });

  it('are matched by their hash alone, in constant time, and anything malformed matches nothing', () => {
    const token = newSecretToken();
    expect(secretTokenMatches(token, hashSecretToken(token))).toBe(true);
    expect(secretTokenMatches(newSecretToken(), hashSecretToken(token))).toBe(false);
    for (const bad of [undefined, '', 'short', `${token}x`]) expect(secretTokenMatches(bad, hashSecretToken(token))).toBe(false);
  });
});
