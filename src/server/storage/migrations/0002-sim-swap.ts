// SIM-swap and recycled-number protection (src/server/sim-swap/):
// - a verification flow remembers which tru.ID product ran (PhoneCheck or SubscriberCheck), the period
//   it asked about and the SIM-change facts the SubscriberCheck answered, and — after a sign-in was
//   refused as a possibly recycled number — which account that verdict was about;
// - an account can be retired: the row and everything hanging off it stay, but it no longer owns its
//   number, so a new account can be made on that number. "One account per number" becomes "one
//   *active* account per number": a partial unique index instead of the column's UNIQUE.
//
// PostgreSQL drops the constraint and adds the index. SQLite cannot drop a column's UNIQUE, so users is
// rebuilt — and with it sessions, whose foreign key points at users: with foreign_keys=ON (which cannot
// be switched off inside the migration's transaction) dropping the old users would cascade-delete every
// session, and renaming it would drag sessions' reference along. Rebuilding both, in the order below,
// keeps every row and leaves sessions referencing the new users (SQLite rewrites the reference when
// users_new is renamed). Everything runs in the migration's one transaction: all or nothing.
import { sql, type Kysely } from 'kysely';
import type { DatabaseDialect } from '../schema.js';

const MILLIS = 'bigint';

export async function up(db: Kysely<unknown>, dialect: DatabaseDialect): Promise<void> {
  await db.schema
    .alterTable('verification_flows')
    .addColumn('check_product', 'text', (c) =>
      c.notNull().defaultTo('phone_check').check(sql`check_product in ('phone_check', 'subscriber_check')`),
    )
    .execute();
  // One column per ALTER: SQLite takes a single ADD COLUMN per statement.
  await db.schema.alterTable('verification_flows').addColumn('sim_period_minutes', 'integer').execute();
  await db.schema
    .alterTable('verification_flows')
    .addColumn('sim_no_change', 'integer', (c) => c.check(sql`sim_no_change in (0, 1)`))
    .execute();
  await db.schema.alterTable('verification_flows').addColumn('sim_change_within', 'integer').execute();
  await db.schema.alterTable('verification_flows').addColumn('recycled_user_id', 'text').execute();

  if (dialect === 'postgres') {
    await db.schema.alterTable('users').addColumn('retired_at', MILLIS).execute();
    // The name PostgreSQL gave 0001's inline UNIQUE; without IF EXISTS, so a surprise fails the migration.
    await db.schema.alterTable('users').dropConstraint('users_phone_e164_key').execute();
  } else {
    await rebuildSqliteUsersAndSessions(db);
  }
  await db.schema
    .createIndex('users_active_phone_e164')
    .on('users')
    .column('phone_e164')
    .unique()
    .where(sql.ref('retired_at'), 'is', null)
    .execute();
}

async function rebuildSqliteUsersAndSessions(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users_new')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('phone_e164', 'text', (c) => c.notNull())
    .addColumn('created_at', MILLIS, (c) => c.notNull())
    .addColumn('last_sign_in_at', MILLIS)
    .addColumn('retired_at', MILLIS)
    .execute();
  await sql`insert into users_new (id, phone_e164, created_at, last_sign_in_at, retired_at)
            select id, phone_e164, created_at, last_sign_in_at, null from users`.execute(db);

  // As in 0001, but pointing at users_new until the rename below.
  await db.schema
    .createTable('sessions_new')
    .addColumn('token_hash', 'text', (c) => c.primaryKey().check(sql`length(token_hash) = 64`))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users_new.id').onDelete('cascade'))
    .addColumn('created_at', MILLIS, (c) => c.notNull())
    .addColumn('expires_at', MILLIS, (c) => c.notNull())
    .addColumn('last_seen_at', MILLIS, (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await sql`insert into sessions_new (token_hash, user_id, created_at, expires_at, last_seen_at, ip, user_agent)
            select token_hash, user_id, created_at, expires_at, last_seen_at, ip, user_agent from sessions`.execute(db);

  // Sessions first: nothing references users any more when it goes, so nothing cascades.
  await db.schema.dropTable('sessions').execute();
  await db.schema.dropTable('users').execute();
  await db.schema.alterTable('users_new').renameTo('users').execute();
  await db.schema.alterTable('sessions_new').renameTo('sessions').execute();
  await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute();
}
