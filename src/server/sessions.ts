// Signed-in sessions: a 256-bit random token in the cookie, only its SHA-256 in the database. A
// session ends at the first of its absolute lifetime and its idle timeout; activity is recorded at
// most once a minute (touchIntervalMs) so a busy page does not write on every request.
import type { Kysely } from 'kysely';
import { hashSecretToken, newSecretToken, SECRET_TOKEN_SHAPE } from './secret-token.js';
import type { DatabaseSchema } from './storage/schema.js';
import {
  deleteSession,
  findSessionWithUser,
  insertSession,
  touchSession,
  type AuthenticationMethod,
  type SessionRecord,
} from './storage/session-repository.js';
import type { UserRecord } from './storage/user-repository.js';

export interface SessionPolicy {
  readonly idleTimeoutSeconds: number;
  readonly absoluteLifetimeSeconds: number;
}

/**
 * How stale `last_seen_at` may get before a request refreshes it: a minute, or a twentieth of the idle
 * timeout when that is shorter. So a session in use costs one write a minute, not one per request, and
 * the idle timeout is kept to within that slack (a session can end up to this much earlier than its
 * last request plus the timeout; it never lives longer).
 */
export function touchIntervalMs(policy: SessionPolicy): number {
  return Math.min(60_000, (policy.idleTimeoutSeconds * 1000) / 20);
}

export interface StartedSession {
  readonly token: string;
  readonly expiresAt: Date;
}

/** What a new session is made from. */
export interface NewSessionInput {
  userId: string;
  now: Date;
  ip: string | null;
  userAgent: string | null;
  policy: SessionPolicy;
  /** How the person proved who they are for this session (OIDC's `amr` later reads it). */
  amr: readonly AuthenticationMethod[];
}

export async function startSession(db: Kysely<DatabaseSchema>, input: NewSessionInput): Promise<StartedSession> {
  const { started, record } = newSession(input);
  await insertSession(db, record);
  return started;
}

/**
 * A new session's token and the row that stores it (its hash), not stored yet: startSession stores it, and
 * a sign-in on PostgreSQL stores it in the statement that spends the check (storage/check-consumption.ts).
 */
export function newSession(input: NewSessionInput): { started: StartedSession; record: SessionRecord } {
  const token = newSecretToken();
  const expiresAt = new Date(input.now.getTime() + input.policy.absoluteLifetimeSeconds * 1000);
  const record: SessionRecord = {
    tokenHash: hashSecretToken(token),
    userId: input.userId,
    createdAt: input.now,
    expiresAt,
    lastSeenAt: input.now,
    ip: input.ip,
    userAgent: input.userAgent,
    amr: input.amr,
  };
  return { started: { token, expiresAt }, record };
}

/** The stored hash of a session cookie, or null for a missing or malformed one (it names no session). */
export function sessionTokenHash(token: string | undefined): string | null {
  return token && SECRET_TOKEN_SHAPE.test(token) ? hashSecretToken(token) : null;
}

/** The user behind a session cookie, or undefined when it is missing, unknown, expired or idle too long. */
export async function authenticateSession(
  db: Kysely<DatabaseSchema>,
  token: string | undefined,
  now: Date,
  policy: SessionPolicy,
): Promise<UserRecord | undefined> {
  return (await readSession(db, token, now, policy))?.user;
}

/** As authenticateSession, with the session itself (how it was proven, when it started). */
export async function readSession(
  db: Kysely<DatabaseSchema>,
  token: string | undefined,
  now: Date,
  policy: SessionPolicy,
): Promise<{ user: UserRecord; session: SessionRecord } | undefined> {
  if (!token || !SECRET_TOKEN_SHAPE.test(token)) return undefined;
  const tokenHash = hashSecretToken(token);
  const found = await findSessionWithUser(db, tokenHash);
  if (!found) return undefined;
  const { session, user } = found;
  const idleSince = now.getTime() - session.lastSeenAt.getTime();
  if (session.expiresAt <= now || idleSince > policy.idleTimeoutSeconds * 1000) {
    await deleteSession(db, tokenHash);
    return undefined;
  }
  if (!user) return undefined;
  if (idleSince > touchIntervalMs(policy)) await touchSession(db, tokenHash, now);
  return { user, session };
}

/** Ends the session on the server. Harmless for a token that is unknown or malformed. */
export async function endSession(db: Kysely<DatabaseSchema>, token: string | undefined): Promise<boolean> {
  const tokenHash = sessionTokenHash(token);
  return tokenHash === null ? false : deleteSession(db, tokenHash);
}
