// Our two bearer secrets — the flow cookie that ties a check to its browser, and the session cookie —
// are both 256 random bits, and both are stored only as their SHA-256, so a leaked database row
// cannot be replayed as a cookie. WebAuthn challenges (passkeys/challenges.ts) are made and stored the same way.
import { createHash, randomFillSync, timingSafeEqual } from 'node:crypto';

const TOKEN_BYTES = 32;

// Random bytes are drawn from the operating system's CSPRNG 64 tokens' worth at a time (as Node's own
// randomUUID does, 128 UUIDs at a time): one call for 32 bytes cost about 1.9 µs, a slice of the pool
// 0.2 µs, and every check makes two tokens. Each token's bytes are wiped from the pool once encoded, so
// the pool never holds a token that was handed out.
const pool = Buffer.alloc(TOKEN_BYTES * 64);
let next = pool.length;

/** 32 random bytes, base64url: always 43 characters. */
export function newSecretToken(): string {
  if (next + TOKEN_BYTES > pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const token = pool.toString('base64url', next, next + TOKEN_BYTES);
  pool.fill(0, next, next + TOKEN_BYTES);
  next += TOKEN_BYTES;
  return token;
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
