// Users, verification flows, sessions and the audit log. The same statements run on SQLite and
// PostgreSQL; the one difference is how each spells an auto-incrementing integer key.
import { sql, type Kysely } from 'kysely';
import type { DatabaseDialect } from '../schema.js';

// Milliseconds since the epoch: `bigint` has INTEGER affinity on SQLite and is int8 on PostgreSQL.
const MILLIS = 'bigint';

export async function up(db: Kysely<unknown>, dialect: DatabaseDialect): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('phone_e164', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', MILLIS, (c) => c.notNull())
    .addColumn('last_sign_in_at', MILLIS)
    .execute();

  await db.schema
    .createTable('verification_flows')
    .addColumn('check_id', 'text', (c) => c.primaryKey())
    .addColumn('flow_token_hash', 'text', (c) => c.notNull())
    .addColumn('phone_e164', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'completed', 'failed')`))
    .addColumn('match', 'integer', (c) => c.check(sql`match in (0, 1)`))
    .addColumn('failure_reason', 'text')
    .addColumn('created_at', MILLIS, (c) => c.notNull())
    .addColumn('expires_at', MILLIS, (c) => c.notNull())
    .addColumn('finished_at', MILLIS)
    .addColumn('consumed_at', MILLIS)
    .execute();
  // Housekeeping deletes flows by expiry.
  await db.schema.createIndex('verification_flows_expires_at').on('verification_flows').column('expires_at').execute();

  await db.schema
    .createTable('sessions')
    // 64 hex characters: a raw base64url token (43 characters) can never be stored by mistake.
    .addColumn('token_hash', 'text', (c) => c.primaryKey().check(sql`length(token_hash) = 64`))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', MILLIS, (c) => c.notNull())
    .addColumn('expires_at', MILLIS, (c) => c.notNull())
    .addColumn('last_seen_at', MILLIS, (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  // "Sign out everywhere" and the cascade look sessions up by user; housekeeping by expiry.
  await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
      // SQLite: AUTOINCREMENT so ids are never reused after deletes, keeping id order = write order.
      dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn('at', MILLIS, (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    // No foreign key: the audit trail outlives a deleted account.
    .addColumn('user_id', 'text')
    .addColumn('check_id', 'text')
    .addColumn('phone_masked', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
  await db.schema.createIndex('audit_events_user_id').on('audit_events').column('user_id').execute();
  await db.schema.createIndex('audit_events_check_id').on('audit_events').column('check_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_events').execute();
  await db.schema.dropTable('sessions').execute();
  await db.schema.dropTable('verification_flows').execute();
  await db.schema.dropTable('users').execute();
}
