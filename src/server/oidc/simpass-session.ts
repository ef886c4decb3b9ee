// The person's Simpass session as the provider sees it: the same cookie and the same rules as the page
// (sessions.ts), read from a raw request so both oidc-provider's Koa context and our routes can ask.
import type { IncomingMessage } from 'node:http';
import type { Kysely } from 'kysely';
import { readSession, type SessionPolicy } from '../sessions.js';
import type { DatabaseSchema } from '../storage/schema.js';
import type { SessionRecord } from '../storage/session-repository.js';
import type { UserRecord } from '../storage/user-repository.js';

export interface SimpassSessionReader {
  (request: IncomingMessage): Promise<{ user: UserRecord; session: SessionRecord } | undefined>;
}

export function simpassSessionReader(deps: {
  db: Kysely<DatabaseSchema>;
  clock: () => Date;
  sessionPolicy: SessionPolicy;
  sessionCookieName: string;
}): SimpassSessionReader {
  return (request) => readSession(deps.db, cookieValue(request.headers.cookie, deps.sessionCookieName), deps.clock(), deps.sessionPolicy);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    // Session tokens are base64url: nothing to decode, and a malformed value is simply not a session.
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}
