// The flow cookie: 256 random bits that tie a check to the browser that started it. Only its
// SHA-256 is stored, so a leaked database row cannot be replayed as a cookie.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newFlowToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashFlowToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time: whether `token` is the cookie whose hash is `expectedHash`. */
export function flowTokenMatches(token: string | undefined, expectedHash: string): boolean {
  if (!token || token.length > 128) return false;
  const actual = Buffer.from(hashFlowToken(token), 'hex');
  const expected = Buffer.from(expectedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
