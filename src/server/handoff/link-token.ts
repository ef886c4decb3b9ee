// The secret in a hand-off link. 130 random bits, written in lowercase base32 (a–z, 2–7: no 0/O or
// 1/l to confuse) and grouped by hyphens, because the link is also shown as text for people who
// cannot scan the QR code and type it on the phone instead: 26 characters is as short as ≥128 bits
// can be without mixing cases. Only its SHA-256 is stored (secret-token.ts), like our other secrets.
//
// It travels in the URL's fragment (`/#handoff=…`): browsers never send the fragment to a server, so
// it appears in no request line, no access log, no Referer. The page posts it once to open the
// hand-off; after that the phone holds a cookie of its own.
import { randomBytes } from 'node:crypto';
import { hashSecretToken } from '../secret-token.js';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const LENGTH = 26;

/** e.g. "k3p7x-q2mvd-..." (26 letters and digits in groups of five, hyphens between). */
export function newLinkToken(): string {
  const bytes = randomBytes(LENGTH);
  let token = '';
  // 256 is a multiple of 32: `byte % 32` is uniform, 5 bits per character.
  for (const byte of bytes) token += ALPHABET[byte % 32];
  return token.replace(/(.{5})(?=.)/g, '$1-');
}

/** What people type may have spaces, capitals or lost hyphens; the token is the 26 characters. */
export function canonicalLinkToken(typed: string): string | null {
  const compact = typed.toLowerCase().replace(/[\s-]/g, '');
  return /^[a-z2-7]{26}$/.test(compact) ? compact : null;
}

export function hashLinkToken(canonical: string): string {
  return hashSecretToken(`handoff-link:${canonical}`);
}

/** The link the desktop shows: the page, with the token in the fragment. */
export function handoffLink(publicUrl: string, token: string): string {
  return `${publicUrl}/#handoff=${token}`;
}
