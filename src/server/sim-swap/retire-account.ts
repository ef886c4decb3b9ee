// Retiring an account whose number has possibly been recycled, so the number's new holder can start
// their own: the account keeps its row and data but no longer owns the number, and every session it
// had ends now. Nothing of it is deleted and nothing of it is handed to the new account.
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../storage/schema.js';
import { deleteSessionsOfUser } from '../storage/session-repository.js';
import { retireUser } from '../storage/user-repository.js';

/** False when the account was retired already (a race with another sign-in); then nothing changed. */
export async function retireAccount(db: Kysely<DatabaseSchema>, userId: string, at: Date): Promise<{ retired: boolean; sessionsEnded: number }> {
  if (!(await retireUser(db, userId, at))) return { retired: false, sessionsEnded: 0 };
  return { retired: true, sessionsEnded: await deleteSessionsOfUser(db, userId) };
}
