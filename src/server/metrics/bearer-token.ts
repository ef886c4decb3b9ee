// `Authorization: Bearer <token>` (RFC 6750 §2.1) checked in constant time: both sides are hashed
// first, so neither the token's characters nor its length leak through how long a refusal takes.
import { createHash, timingSafeEqual } from 'node:crypto';

export function bearerTokenMatcher(expected: string): (authorization: string | undefined) => boolean {
  const expectedDigest = digest(expected);
  return (authorization) => {
    const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
    // Hashed even when absent or malformed: the same work whatever was sent.
    return timingSafeEqual(digest(match?.[1] ?? ''), expectedDigest) && match !== null;
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
