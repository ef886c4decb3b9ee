// "Add a passkey" is offered after a sign-in the SIM proved, and asked again at most rarely: once the
// person says "not now", the account is not asked again for OFFER_QUIET_DAYS (remembered on the server,
// so it holds on every browser). Someone who signed in with a passkey already has one here.
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../storage/schema.js';
import type { AuthenticationMethod } from '../storage/session-repository.js';
import { fromNullableMillis, toMillis } from '../storage/timestamps.js';

export const OFFER_QUIET_DAYS = 30;

export async function passkeyOfferDue(
  db: Kysely<DatabaseSchema>,
  input: { userId: string; amr: readonly AuthenticationMethod[]; now: Date },
): Promise<boolean> {
  if (!input.amr.includes('sim') || input.amr.includes('passkey')) return false;
  const row = await db.selectFrom('users').select('passkey_offer_dismissed_at').where('id', '=', input.userId).executeTakeFirst();
  const dismissedAt = fromNullableMillis(row?.passkey_offer_dismissed_at ?? null);
  return dismissedAt === null || input.now.getTime() - dismissedAt.getTime() >= OFFER_QUIET_DAYS * 24 * 3600 * 1000;
}

export async function dismissPasskeyOffer(db: Kysely<DatabaseSchema>, input: { userId: string; now: Date }): Promise<void> {
  await db.updateTable('users').set({ passkey_offer_dismissed_at: toMillis(input.now) }).where('id', '=', input.userId).execute();
}
