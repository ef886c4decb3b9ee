// Our two bearer secrets — the flow cookie that ties a check to its browser, and the session cookie —
// are both 256 random bits, and both are stored only as their SHA-256, so a leaked database row
// cannot be replayed as a cookie.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url: always 43 characters. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What a token looks like; anything else is refused before it reaches the database. */
export const SECRET_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time: whether `token` is the secret whose hash is `expectedHash`. */
export function secretTokenMatches(token: string | undefined, expectedHash: string): boolean {
  if (!token || !SECRET_TOKEN_SHAPE.test(token)) return false;
  const actual = Buffer.from(hashSecretToken(token), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
