// Accounts. A user is nothing but a phone number the mobile network proved, so the number is the
// key and the first successful check for it creates the account. A number has at most one *active*
// account: an account on a possibly recycled number can be retired (sim-swap/), which keeps its row
// and data but releases the number — nothing finds or signs into a retired account any more.
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { compiledOnce } from './compiled-once.js';
import type { DatabaseSchema, UsersTable } from './schema.js';
import { fromMillis, fromNullableMillis, toMillis } from './timestamps.js';

export interface UserRecord {
  readonly id: string;
  /** E.164 with '+'. */
  readonly phoneNumber: string;
  readonly createdAt: Date;
  readonly lastSignInAt: Date | null;
}

// Normalised input only: "+44 7700…" and "+447700…" must not become two accounts.
const E164 = /^\+[1-9]\d{1,14}$/;

/** The account for a proven number, created on first sign-in. Two racing sign-ups get one account. */
export async function findOrCreateUserByPhone(
  db: Kysely<DatabaseSchema>,
  phoneNumber: string,
  at: Date,
): Promise<{ user: UserRecord; created: boolean }> {
  if (!E164.test(phoneNumber)) throw new TypeError('phoneNumber must be E.164 with a leading "+"');
  // ON CONFLICT DO NOTHING instead of select-then-insert: the unique index arbitrates the race on
  // both SQLite and PostgreSQL, and RETURNING yields a row only to the insert that won.
  // The conflict target names the partial unique index (active accounts only): retired rows never conflict.
  const inserted = await db
    .insertInto('users')
    .values({ id: randomUUID(), phone_e164: phoneNumber, created_at: toMillis(at), last_sign_in_at: null, retired_at: null })
    .onConflict((oc) => oc.column('phone_e164').where('retired_at', 'is', null).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { user: toUser(inserted), created: true };

  // PostgreSQL makes the loser wait until the winner commits, so the row is visible here.
  const existing = await findActiveUserByPhone(db, phoneNumber);
  if (!existing) throw new Error('users: the conflicting row vanished (deleted concurrently); retry the sign-in');
  return { user: existing, created: false };
}

/** The account that owns this number now, if any (retired accounts own none). */
export async function findActiveUserByPhone(db: Kysely<DatabaseSchema>, phoneNumber: string): Promise<UserRecord | undefined> {
  const [row] = (await activeUserByPhoneQuery(db, phoneNumber)).rows;
  return row && toUser(row);
}

// Every sign-in runs these (twice for the account's read): built and compiled once (compiled-once.ts).
const activeUserByPhoneQuery = compiledOnce((db: Kysely<DatabaseSchema>, phoneNumber: string) =>
  db.selectFrom('users').selectAll().where('phone_e164', '=', phoneNumber).where('retired_at', 'is', null),
);

const recordSignInQuery = compiledOnce((db: Kysely<DatabaseSchema>, userId: string, at: number) =>
  db.updateTable('users').set({ last_sign_in_at: at }).where('id', '=', userId).where('retired_at', 'is', null),
);

/** An active account by id; undefined for an unknown or retired one (so its sessions open nothing). */
export async function findUserById(db: Kysely<DatabaseSchema>, userId: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', userId).where('retired_at', 'is', null).executeTakeFirst();
  return row && toUser(row);
}

/** False when the user no longer exists or was retired. */
export async function recordSignIn(db: Kysely<DatabaseSchema>, userId: string, at: Date): Promise<boolean> {
  const result = await recordSignInQuery(db, userId, toMillis(at));
  return (result.numAffectedRows ?? 0n) > 0n;
}

/**
 * Retires an account: it keeps its row and data but no longer owns its number, so a new account can be
 * made on it. Sessions are the caller's to end. True exactly once per account, even when calls race.
 */
export async function retireUser(db: Kysely<DatabaseSchema>, userId: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ retired_at: toMillis(at) })
    .where('id', '=', userId)
    .where('retired_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes the account; its sessions go with it (ON DELETE CASCADE). The audit trail stays. */
export async function deleteUser(db: Kysely<DatabaseSchema>, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('users').where('id', '=', userId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export function toUser(row: Pick<Selectable<UsersTable>, 'id' | 'phone_e164' | 'created_at' | 'last_sign_in_at'>): UserRecord {
  return {
    id: row.id,
    phoneNumber: row.phone_e164,
    createdAt: fromMillis(row.created_at),
    lastSignInAt: fromNullableMillis(row.last_sign_in_at),
  };
}
