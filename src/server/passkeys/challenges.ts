// WebAuthn challenges: 32 random bytes, handed to the browser inside the ceremony's options and kept on
// the server only as their SHA-256, so the table cannot answer a ceremony. Each is for one purpose
// (registration for one signed-in account, or sign-in), lives a few minutes, and is consumed by one
// atomic DELETE … RETURNING: of two requests carrying the same challenge, exactly one gets it, and a
// replayed response finds nothing.
import type { Kysely } from 'kysely';
import { hashSecretToken, newSecretToken, SECRET_TOKEN_SHAPE } from '../secret-token.js';
import type { DatabaseSchema } from '../storage/schema.js';
import { fromNullableMillis, toMillis } from '../storage/timestamps.js';

export type ChallengePurpose = 'registration' | 'authentication';

/** Long enough to find the phone or the security key and answer its prompt; short enough to be worthless later. */
export const CHALLENGE_TTL_SECONDS = 180;

/** A new challenge, stored (hashed) for `purpose`; `userId` binds a registration to the signed-in account. */
export async function issueChallenge(
  db: Kysely<DatabaseSchema>,
  input: { purpose: ChallengePurpose; userId: string | null; now: Date; ttlSeconds?: number },
): Promise<string> {
  // 32 random bytes in base64url, as the browser echoes it in clientDataJSON: a secret token's shape.
  const challenge = newSecretToken();
  await db
    .insertInto('passkey_challenges')
    .values({
      challenge_hash: hashSecretToken(challenge),
      purpose: input.purpose,
      user_id: input.userId,
      created_at: toMillis(input.now),
      expires_at: toMillis(input.now) + (input.ttlSeconds ?? CHALLENGE_TTL_SECONDS) * 1000,
    })
    .execute();
  return challenge;
}

export type ConsumedChallenge = { ok: true; userId: string | null } | { ok: false; reason: 'unknown_challenge' | 'expired_challenge' };

/**
 * Takes the challenge out of the store, whatever comes next: a failed verification burns it too, so
 * each challenge is tried at most once. Unknown (never issued, already used, other purpose) and
 * expired are told apart only for the audit trail.
 */
export async function consumeChallenge(
  db: Kysely<DatabaseSchema>,
  input: { challenge: string; purpose: ChallengePurpose; now: Date },
): Promise<ConsumedChallenge> {
  if (!SECRET_TOKEN_SHAPE.test(input.challenge)) return { ok: false, reason: 'unknown_challenge' };
  const row = await db
    .deleteFrom('passkey_challenges')
    .where('challenge_hash', '=', hashSecretToken(input.challenge))
    .where('purpose', '=', input.purpose)
    .returning(['user_id', 'expires_at'])
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown_challenge' };
  const expiresAt = fromNullableMillis(row.expires_at);
  if (!expiresAt || expiresAt <= input.now) return { ok: false, reason: 'expired_challenge' };
  return { ok: true, userId: row.user_id };
}

/** Housekeeping: challenges nobody answered. */
export async function deleteExpiredChallenges(db: Kysely<DatabaseSchema>, now: Date): Promise<number> {
  const result = await db.deleteFrom('passkey_challenges').where('expires_at', '<=', toMillis(now)).executeTakeFirst();
  return Number(result.numDeletedRows);
}
