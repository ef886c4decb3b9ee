// The OpenID Connect provider (src/server/oidc/): what oidc-provider stores through our adapter
// (authorization codes, tokens, grants i.e. remembered consent, its sessions and interactions), its
// signing and cookie keys, and each account's opaque subject identifier.
import { sql, type Kysely } from 'kysely';
import type { DatabaseDialect } from '../schema.js';

const MILLIS = 'bigint';

export async function up(db: Kysely<unknown>, _dialect: DatabaseDialect): Promise<void> {
  await db.schema
    .createTable('oidc_payloads')
    // oidc-provider's model name (AuthorizationCode, AccessToken, Grant, Session, Interaction, …) and its id.
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    // The payload as oidc-provider gave it, JSON text.
    .addColumn('payload', 'text', (c) => c.notNull())
    // Copied out of the payload for the lookups the adapter and the consent routes make.
    .addColumn('grant_id', 'text')
    .addColumn('uid', 'text')
    .addColumn('user_code', 'text')
    .addColumn('account_id', 'text')
    .addColumn('client_id', 'text')
    .addColumn('expires_at', MILLIS)
    .addColumn('consumed_at', MILLIS)
    // When the row was first stored (our clock, ms): when an interaction started, for "sign in again" (prompt=login).
    .addColumn('created_at', MILLIS, (c) => c.notNull())
    .addPrimaryKeyConstraint('oidc_payloads_pk', ['model', 'id'])
    .execute();
  await db.schema.createIndex('oidc_payloads_grant_id').on('oidc_payloads').column('grant_id').execute();
  await db.schema.createIndex('oidc_payloads_uid').on('oidc_payloads').column('uid').execute();
  await db.schema.createIndex('oidc_payloads_account_client').on('oidc_payloads').columns(['account_id', 'client_id']).execute();
  await db.schema.createIndex('oidc_payloads_expires_at').on('oidc_payloads').column('expires_at').execute();

  await db.schema
    .createTable('oidc_keys')
    // 'signing' (a private JWK the ID tokens are signed with) or 'cookie' (a secret oidc-provider signs its cookies with).
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('signing', 'cookie')`))
    // Rotation adds generation n+1; the newest generation signs, older ones still verify until removed.
    .addColumn('generation', 'integer', (c) => c.notNull())
    // The JWK's kid (signing), or a random id (cookie).
    .addColumn('kid', 'text', (c) => c.primaryKey())
    // The algorithm a signing key is for (RS256, ES256); the same text for every cookie key.
    .addColumn('alg', 'text', (c) => c.notNull())
    // A private JWK as JSON (signing), or base64url random bytes (cookie).
    .addColumn('material', 'text', (c) => c.notNull())
    .addColumn('created_at', MILLIS, (c) => c.notNull())
    .execute();
  // Two instances starting on an empty database both try to create generation 1: one wins, both then read the same keys.
  await db.schema.createIndex('oidc_keys_one_per_generation').on('oidc_keys').columns(['kind', 'alg', 'generation']).unique().execute();

  await db.schema
    .createTable('oidc_subjects')
    // The `sub` relying parties see: random, so it says nothing about the number or our user id.
    .addColumn('subject', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().unique().references('users.id').onDelete('cascade'))
    .addColumn('created_at', MILLIS, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oidc_subjects').execute();
  await db.schema.dropTable('oidc_keys').execute();
  await db.schema.dropTable('oidc_payloads').execute();
}
