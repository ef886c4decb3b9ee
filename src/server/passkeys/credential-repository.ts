// The account's passkeys. The public key and the authenticator's counter are what later sign-ins are
// checked against; name, created and last used are what the person sees to tell them apart; backup
// state and device type are kept as the authenticator last reported them.
import { randomInt } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DatabaseSchema, PasskeyCredentialsTable } from '../storage/schema.js';
import { fromMillis, fromNullableMillis, toMillis } from '../storage/timestamps.js';

export interface PasskeyRecord {
  readonly id: string;
  readonly credentialId: string;
  readonly userId: string;
  /** COSE, base64url. */
  readonly publicKey: string;
  readonly signCount: number;
  readonly transports: readonly string[];
  readonly deviceType: 'singleDevice' | 'multiDevice';
  readonly backedUp: boolean;
  readonly aaguid: string | null;
  readonly name: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
}

export const MAX_PASSKEY_NAME_LENGTH = 64;

/**
 * Our id for a passkey: 24 random lower-case letters (112 bits). Letters only, because the audit trail
 * redacts any run of 8 digits as a possible phone number, and a UUID's hex often has one.
 */
export const PASSKEY_ID_PATTERN = '^[a-z]{24}$';

function newPasskeyId(): string {
  let id = '';
  for (let i = 0; i < 24; i += 1) id += String.fromCharCode(97 + randomInt(26));
  return id;
}

export async function insertPasskey(
  db: Kysely<DatabaseSchema>,
  input: Omit<PasskeyRecord, 'id' | 'lastUsedAt'>,
): Promise<PasskeyRecord> {
  const record: PasskeyRecord = { ...input, id: newPasskeyId(), lastUsedAt: null };
  await db
    .insertInto('passkey_credentials')
    .values({
      id: record.id,
      credential_id: record.credentialId,
      user_id: record.userId,
      public_key: record.publicKey,
      sign_count: record.signCount,
      transports: JSON.stringify(record.transports),
      device_type: record.deviceType,
      backed_up: record.backedUp ? 1 : 0,
      aaguid: record.aaguid,
      name: record.name.slice(0, MAX_PASSKEY_NAME_LENGTH),
      created_at: toMillis(record.createdAt),
      last_used_at: null,
    })
    .execute();
  return record;
}

export async function findPasskeyByCredentialId(db: Kysely<DatabaseSchema>, credentialId: string): Promise<PasskeyRecord | undefined> {
  const row = await db.selectFrom('passkey_credentials').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
  return row && toPasskey(row);
}

/** Oldest first: the order people added them. */
export async function listPasskeys(db: Kysely<DatabaseSchema>, userId: string): Promise<PasskeyRecord[]> {
  const rows = await db.selectFrom('passkey_credentials').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toPasskey);
}

/** False when the account has no passkey with this id. */
export async function renamePasskey(db: Kysely<DatabaseSchema>, input: { userId: string; id: string; name: string }): Promise<boolean> {
  const result = await db
    .updateTable('passkey_credentials')
    .set({ name: input.name.slice(0, MAX_PASSKEY_NAME_LENGTH) })
    .where('id', '=', input.id)
    .where('user_id', '=', input.userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** False when the account has no passkey with this id. */
export async function deletePasskey(db: Kysely<DatabaseSchema>, input: { userId: string; id: string }): Promise<boolean> {
  const result = await db.deleteFrom('passkey_credentials').where('id', '=', input.id).where('user_id', '=', input.userId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * Records a verified use. The counter only moves forward, in the same statement that checks it, so two
 * racing sign-ins with one counter value cannot both pass: false means the stored counter is already at
 * or past `signCount` (a counter regression: a cloned authenticator, or a replay) or the passkey is gone.
 * Authenticators that keep no counter (always 0) pass while the stored counter is 0 too.
 */
export async function recordPasskeyUse(
  db: Kysely<DatabaseSchema>,
  input: { id: string; signCount: number; backedUp: boolean; deviceType: 'singleDevice' | 'multiDevice'; at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('passkey_credentials')
    .set({
      sign_count: input.signCount,
      backed_up: input.backedUp ? 1 : 0,
      device_type: input.deviceType,
      last_used_at: toMillis(input.at),
    })
    .where('id', '=', input.id)
    .where((eb) =>
      input.signCount === 0 ? eb('sign_count', '=', 0) : eb('sign_count', '<', input.signCount),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

function toPasskey(row: Selectable<PasskeyCredentialsTable>): PasskeyRecord {
  return {
    id: row.id,
    credentialId: row.credential_id,
    userId: row.user_id,
    publicKey: row.public_key,
    signCount: Number(row.sign_count),
    transports: parseTransports(row.transports),
    deviceType: row.device_type,
    backedUp: row.backed_up === 1,
    aaguid: row.aaguid,
    name: row.name,
    createdAt: fromMillis(row.created_at),
    lastUsedAt: fromNullableMillis(row.last_used_at),
  };
}

function parseTransports(text: string | null): string[] {
  if (text === null) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
