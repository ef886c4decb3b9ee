// Passkeys (src/server/passkeys/): the account's WebAuthn credentials, the challenges handed out for
// registering and using them, when the person last said "not now" to the offer, and how each session
// was proven (`amr`). Named 0004: 0003 belongs to the desktop→phone hand-off; Kysely runs migrations in
// name order and a gap in the numbers is fine.
import { sql, type Kysely } from 'kysely';
import type { DatabaseDialect } from '../schema.js';

const MILLIS = 'bigint';

export async function up(db: Kysely<unknown>, _dialect: DatabaseDialect): Promise<void> {
  await db.schema
    .createTable('passkey_credentials')
    // Our own id (24 random letters) for URLs and the audit trail; the credential id is the authenticator's.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('credential_id', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // COSE public key, base64url.
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('sign_count', MILLIS, (c) => c.notNull())
    // JSON array of AuthenticatorTransport strings, as the browser reported them.
    .addColumn('transports', 'text')
    .addColumn('device_type', 'text', (c) => c.notNull().check(sql`device_type in ('singleDevice', 'multiDevice')`))
    .addColumn('backed_up', 'integer', (c) => c.notNull().check(sql`backed_up in (0, 1)`))
    .addColumn('aaguid', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', MILLIS, (c) => c.notNull())
    .addColumn('last_used_at', MILLIS)
    .execute();
  await db.schema.createIndex('passkey_credentials_user_id').on('passkey_credentials').column('user_id').execute();

  await db.schema
    .createTable('passkey_challenges')
    // SHA-256 hex of the challenge: the table alone cannot answer any ceremony.
    .addColumn('challenge_hash', 'text', (c) => c.primaryKey().check(sql`length(challenge_hash) = 64`))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('registration', 'authentication')`))
    // Registration only: the signed-in account the new passkey will belong to.
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('created_at', MILLIS, (c) => c.notNull())
    .addColumn('expires_at', MILLIS, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('passkey_challenges_expires_at').on('passkey_challenges').column('expires_at').execute();

  await db.schema.alterTable('users').addColumn('passkey_offer_dismissed_at', MILLIS).execute();
  // Every session before this migration was started by a SIM check: that is the honest default.
  await db.schema
    .alterTable('sessions')
    .addColumn('amr', 'text', (c) => c.notNull().defaultTo('sim'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('amr').execute();
  await db.schema.alterTable('users').dropColumn('passkey_offer_dismissed_at').execute();
  await db.schema.dropTable('passkey_challenges').execute();
  await db.schema.dropTable('passkey_credentials').execute();
}
