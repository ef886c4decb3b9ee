// The `sub` relying parties know an account by: a random 128-bit identifier created the first time
// the account signs in to an application, stored beside it. Random rather than derived (an HMAC of
// our user id, say) because nothing can be learnt from it — neither the number nor our internal id —
// and it does not change if a secret is ever rotated; stored, so the provider can map it back to the
// account (oidc-provider's findAccount receives the `sub`). One per account, the same for every
// client: relying parties can correlate, as with any `public` subject type (pairwise is not offered).
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../storage/schema.js';
import { toMillis } from '../storage/timestamps.js';

/** The account's subject, created on first use. Safe when two requests create it at once. */
export async function subjectForUser(db: Kysely<DatabaseSchema>, userId: string, now: Date): Promise<string> {
  const existing = await findSubjectOfUser(db, userId);
  if (existing) return existing;
  await db
    .insertInto('oidc_subjects')
    .values({ subject: randomBytes(16).toString('base64url'), user_id: userId, created_at: toMillis(now) })
    .onConflict((conflict) => conflict.column('user_id').doNothing())
    .execute();
  const created = await findSubjectOfUser(db, userId);
  if (!created) throw new Error('the subject of an account could not be stored');
  return created;
}

export async function findSubjectOfUser(db: Kysely<DatabaseSchema>, userId: string): Promise<string | undefined> {
  const row = await db.selectFrom('oidc_subjects').select('subject').where('user_id', '=', userId).executeTakeFirst();
  return row?.subject;
}

/** The account behind a subject, only while it is active (a retired account answers for no number). */
export async function findActiveUserBySubject(
  db: Kysely<DatabaseSchema>,
  subject: string,
): Promise<{ id: string; phoneNumber: string } | undefined> {
  const row = await db
    .selectFrom('oidc_subjects')
    .innerJoin('users', 'users.id', 'oidc_subjects.user_id')
    .select(['users.id as id', 'users.phone_e164 as phoneNumber'])
    .where('oidc_subjects.subject', '=', subject)
    .where('users.retired_at', 'is', null)
    .executeTakeFirst();
  return row;
}
