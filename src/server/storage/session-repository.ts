// Signed-in sessions. Rows are keyed by the SHA-256 of the session token, so a leaked table
// cannot be replayed as cookies (the Lucia v3 / Copenhagen Book scheme). Expiry is absolute:
// touching a session records activity, it never extends the lifetime.
import type { Insertable, Kysely, Selectable } from 'kysely';
import { argumentsOf, compiledInsertOnce, compiledOnce } from './compiled-once.js';
import type { DatabaseSchema, SessionsTable } from './schema.js';
import { fromMillis, toMillis } from './timestamps.js';
import { toUser, type UserRecord } from './user-repository.js';

export interface SessionRecord {
  /** SHA-256 hex (64 lower-case characters) of the 256-bit token. */
  readonly tokenHash: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly lastSeenAt: Date;
  readonly ip: string | null;
  /** Truncated to MAX_USER_AGENT_LENGTH when stored. */
  readonly userAgent: string | null;
  /** How the session was proven, e.g. ['sim'] or ['passkey'] (never empty). */
  readonly amr: readonly AuthenticationMethod[];
}

/** The ways a session can be proven, as stored in `sessions.amr` and later given to OIDC's `amr` claim. */
/** How a session was proven: the SIM on this device, a passkey, or the SIM on a phone this browser handed off to. */
export type AuthenticationMethod = 'sim' | 'passkey' | 'handoff';
const METHODS: readonly AuthenticationMethod[] = ['sim', 'passkey', 'handoff'];

function encodeAmr(amr: readonly AuthenticationMethod[]): string {
  if (amr.length === 0 || amr.some((method) => !METHODS.includes(method))) throw new TypeError('amr must name at least one known method');
  return [...new Set(amr)].join(',');
}

function decodeAmr(text: string): AuthenticationMethod[] {
  return text.split(',').filter((method): method is AuthenticationMethod => (METHODS as readonly string[]).includes(method));
}

// Enough for any real browser; stops a client from filling the table with a megabyte header.
export const MAX_USER_AGENT_LENGTH = 512;

const SHA256_HEX = /^[0-9a-f]{64}$/;

export async function insertSession(db: Kysely<DatabaseSchema>, session: SessionRecord): Promise<void> {
  await insertSessionQuery(db, sessionRow(session));
}

/** The columns of a session's row, in the order sessionArguments gives their values. */
export const SESSION_COLUMNS = ['token_hash', 'user_id', 'created_at', 'expires_at', 'last_seen_at', 'ip', 'user_agent', 'amr'] as const satisfies readonly (keyof SessionsTable)[];

/** `session`'s row as a compiled-once statement's arguments (check-consumption.ts writes it with the sign-in). */
export function sessionArguments(session: SessionRecord): unknown[] {
  return argumentsOf(SESSION_COLUMNS, sessionRow(session));
}

function sessionRow(session: SessionRecord): { [K in (typeof SESSION_COLUMNS)[number]]-?: Exclude<Insertable<SessionsTable>[K], undefined> } {
  // The raw token must never land here; a hash has exactly this shape, a token does not.
  if (!SHA256_HEX.test(session.tokenHash)) throw new TypeError('tokenHash must be the SHA-256 hex of the session token');
  return {
    token_hash: session.tokenHash,
    user_id: session.userId,
    created_at: toMillis(session.createdAt),
    expires_at: toMillis(session.expiresAt),
    last_seen_at: toMillis(session.lastSeenAt),
    ip: session.ip,
    user_agent: session.userAgent === null ? null : session.userAgent.slice(0, MAX_USER_AGENT_LENGTH),
    amr: encodeAmr(session.amr),
  };
}

// Every sign-in writes one: compiled once (compiled-once.ts).
const insertSessionQuery = compiledInsertOnce<DatabaseSchema, 'sessions', keyof SessionsTable>('sessions', SESSION_COLUMNS);

/** The stored session, expired or not: the caller compares `expiresAt` with its clock. */
export async function findSessionByTokenHash(db: Kysely<DatabaseSchema>, tokenHash: string): Promise<SessionRecord | undefined> {
  const row = await db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return row && toSession(row);
}

// Every signed-in request asks this: built and compiled once (compiled-once.ts).
const sessionWithUserQuery = compiledOnce((db: Kysely<DatabaseSchema>, tokenHash: string) =>
  db
    .selectFrom('sessions')
    .leftJoin('users', (join) => join.onRef('users.id', '=', 'sessions.user_id').on('users.retired_at', 'is', null))
    .selectAll('sessions')
    .select(['users.id as account_id', 'users.phone_e164', 'users.created_at as account_created_at', 'users.last_sign_in_at'])
    .where('sessions.token_hash', '=', tokenHash),
);

/**
 * The session and the active account it belongs to, in one read: the question every signed-in request
 * asks. `user` is undefined when the account is gone or retired (its sessions open nothing).
 */
export async function findSessionWithUser(
  db: Kysely<DatabaseSchema>,
  tokenHash: string,
): Promise<{ session: SessionRecord; user: UserRecord | undefined } | undefined> {
  const [row] = (await sessionWithUserQuery(db, tokenHash)).rows;
  if (!row) return undefined;
  const { account_id: id, phone_e164, account_created_at, last_sign_in_at, ...session } = row;
  const user =
    id === null || phone_e164 === null || account_created_at === null
      ? undefined
      : toUser({ id, phone_e164, created_at: account_created_at, last_sign_in_at });
  return { session: toSession(session), user };
}

/** Records activity at `at`. False when the session is gone or expired by then. */
export async function touchSession(db: Kysely<DatabaseSchema>, tokenHash: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set({ last_seen_at: toMillis(at) })
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', toMillis(at))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Sign-out. False when there was no such session. */
export async function deleteSession(db: Kysely<DatabaseSchema>, tokenHash: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Sign-out everywhere; returns how many sessions ended. */
export async function deleteSessionsOfUser(db: Kysely<DatabaseSchema>, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Housekeeping: removes sessions whose expiry is at or before `now`; returns how many. */
export async function deleteExpiredSessions(db: Kysely<DatabaseSchema>, now: Date): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', toMillis(now)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

function toSession(row: Selectable<SessionsTable>): SessionRecord {
  return {
    tokenHash: row.token_hash,
    userId: row.user_id,
    createdAt: fromMillis(row.created_at),
    expiresAt: fromMillis(row.expires_at),
    lastSeenAt: fromMillis(row.last_seen_at),
    ip: row.ip,
    userAgent: row.user_agent,
    amr: decodeAmr(row.amr),
  };
}
